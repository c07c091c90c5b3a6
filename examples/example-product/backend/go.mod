module example.com/lantern/backend

go 1.22

require (
	github.com/google/uuid v1.3.0
	golang.org/x/text v0.3.7
)
