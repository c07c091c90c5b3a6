/*
 * shell.c: what the pipeline checks look for inside scripts: downloads piped
 * into an interpreter, and GitHub expressions that paste attacker-controlled
 * text into the script before the shell sees it.
 */
#include "util/compat.h"
#include "core/ci/rules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <ctype.h>
#include <fnmatch.h>

/*
 * Bounds that keep a hostile script near linear: a command is looked at
 * within SCAN_MAX bytes after a download and BACK_MAX before it, and a
 * logical line (continuations joined) is cut at LOGICAL_MAX.
 */
#define SCAN_MAX    4096
#define BACK_MAX    512 /* an interpreter before `<(curl` or `"$(curl`: sh -c, bash */
#define LOGICAL_MAX ((size_t)64 << 10)

size_t ci_script_line(const char *script, size_t off, size_t first)
{
	size_t line = first;

	for (size_t i = 0; i < off && script[i]; i++)
		line += script[i] == '\n';
	return line;
}

/* Interpreters a download must not be piped into. */
static bool is_interpreter(const char *w, size_t n)
{
	static const char *const names[] = { "sh",   "bash",    "zsh",  "dash", "ksh",
		                             "fish", "python",  "perl", "ruby", "node",
		                             "php",  "python3", "pwsh", "iex",  NULL };
	const char *slash = memrchr(w, '/', n);

	if (slash) {
		n -= (size_t)(slash + 1 - w);
		w = slash + 1;
	}
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], w, n))
			return true;
	/* python3.11, bash5 */
	return n > 6 && !memcmp(w, "python", 6) && isdigit((unsigned char)w[6]);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next word of s[*i..n): its start in *w and length; skips blanks first. */
static size_t next_word(const char *s, size_t n, size_t *i, const char **w)
{
	size_t start;

	while (*i < n && is_blank(s[*i]))
		(*i)++;
	start = *i;
	while (*i < n && !is_blank(s[*i]) && !strchr("|;&()<>\"'`", s[*i]))
		(*i)++;
	*w = s + start;
	return *i - start;
}

/* After a '|': skips `sudo [-opts]` and `env [VAR=x]`, then is it an interpreter? */
static bool pipes_into_interpreter(const char *s, size_t n, size_t i)
{
	const char *w;
	size_t wn;

	for (;;) {
		wn = next_word(s, n, &i, &w);
		if (!wn)
			return false;
		if ((wn == 4 && !memcmp(w, "sudo", 4)) || (wn == 3 && !memcmp(w, "env", 3)) ||
		    w[0] == '-' || memchr(w, '=', wn))
			continue;
		return is_interpreter(w, wn);
	}
}

/* Whether a word before position `at` of the command holding it is an interpreter. */
static bool interpreter_before(const char *s, size_t at)
{
	size_t start = at, i;
	const char *w;
	size_t wn;

	/* back to the start of this command */
	while (start > 0 && at - start < BACK_MAX && !strchr(";&|\n", s[start - 1]))
		start--;
	i = start;
	while (i < at) {
		wn = next_word(s, at, &i, &w);
		if (!wn) {
			i++;
			continue;
		}
		if (is_interpreter(w, wn))
			return true;
	}
	return false;
}

/* Whether one logical line (continuations joined) pipes a download into an interpreter. */
static bool line_pipes_download(const char *s, size_t n)
{
	for (size_t p = 0; p + 4 <= n; p++) {
		size_t wl, i;
		char before;

		if (!memcmp(s + p, "curl", 4))
			wl = 4;
		else if (!memcmp(s + p, "wget", 4))
			wl = 4;
		else
			continue;
		before = p ? s[p - 1] : ' ';
		if (!strchr(" \t(|;&`\"'$", before) || (p + wl < n && !is_blank(s[p + wl])))
			continue;
		/* `bash <(curl ...)`, `sh -c "$(curl ...)"` */
		i = p;
		while (i > 0 && (s[i - 1] == '"' || is_blank(s[i - 1])))
			i--;
		if (i >= 2 && s[i - 1] == '(' && (s[i - 2] == '<' || s[i - 2] == '$') &&
		    interpreter_before(s, i - 2))
			return true;
		/* `curl ... | sh`, through any number of pipes (within a command's length) */
		for (i = p + wl; i < n && i - p < SCAN_MAX; i++) {
			if (s[i] == ';' || (s[i] == '&' && i + 1 < n && s[i + 1] == '&'))
				break;
			/* the next download's own scan covers the rest: linear in all */
			if (i + 4 <= n && (!memcmp(s + i, "curl", 4) || !memcmp(s + i, "wget", 4)))
				break;
			if (s[i] != '|')
				continue;
			if (i + 1 < n && s[i + 1] == '|')
				break;
			if (pipes_into_interpreter(s, n, i + 1))
				return true;
		}
	}
	return false;
}

void ci_check_shell(struct ci_file *f, const char *script, size_t first)
{
	struct buf logical = BUF_INIT_MAX(LOGICAL_MAX);
	size_t start = 0, len = strlen(script), line = first;

	while (start < len) {
		size_t end = start;

		buf_reset(&logical);
		/* join `\` + newline continuations into one logical line */
		for (;;) {
			size_t e = end;

			while (e < len && script[e] != '\n')
				e++;
			if (e > end && script[e - 1] == '\\' && e < len) {
				buf_add(&logical, script + end, e - 1 - end);
				buf_addch(&logical, ' ');
				end = e + 1;
				continue;
			}
			buf_add(&logical, script + end, e - end);
			end = e;
			break;
		}
		/* the last line of a continued command: where its pipe usually is */
		line += ci_script_line(script + start, end - start, 0);
		if (line_pipes_download(logical.ptr, logical.len))
			ci_add(f, line, CI_CURL_PIPE_SHELL, NULL,
			       "a download is piped into an interpreter: '%.120s'", logical.ptr);
		line++;
		start = end + 1;
	}
	buf_release(&logical);
	err_clear(); /* a logical line cut at LOGICAL_MAX is checked as far as it goes */
}

/*
 * Contexts an outsider writes: issue, pull request and comment text, branch
 * names, commit messages and author names. Dots here stand for levels; '*'
 * is any one level (an index). Lower case: contexts ignore case.
 */
static const char *const tainted[] = {
	"github/event/issue/title",
	"github/event/issue/body",
	"github/event/pull_request/title",
	"github/event/pull_request/body",
	"github/event/pull_request/head/ref",
	"github/event/pull_request/head/label",
	"github/event/pull_request/head/repo/default_branch",
	"github/event/comment/body",
	"github/event/review/body",
	"github/event/review_comment/body",
	"github/event/discussion/title",
	"github/event/discussion/body",
	"github/event/pages/*/page_name",
	"github/event/commits/*/message",
	"github/event/commits/*/author/email",
	"github/event/commits/*/author/name",
	"github/event/head_commit/message",
	"github/event/head_commit/author/email",
	"github/event/head_commit/author/name",
	"github/event/workflow_run/head_branch",
	"github/event/workflow_run/display_title",
	"github/event/workflow_run/head_commit/message",
	"github/event/workflow_run/head_commit/author/email",
	"github/event/workflow_run/head_commit/author/name",
	"github/event/workflow_run/pull_requests/*/head/ref",
	"github/head_ref",
	NULL,
};

static size_t levels(const char *p)
{
	size_t n = 1;

	for (; *p; p++)
		n += *p == '/';
	return n;
}

/* p truncated to its first k levels, into out. */
static void first_levels(struct buf *out, const char *p, size_t k)
{
	buf_reset(out);
	for (; *p; p++) {
		if (*p == '/' && --k == 0)
			break;
		buf_addch(out, *p);
	}
}

/*
 * Whether a context path reads tainted text: it is a tainted field or below
 * one, or (for toJSON and friends) an object at least two levels deep that
 * holds one.
 */
static bool path_tainted(const char *path)
{
	struct buf t = BUF_INIT;
	size_t pl = levels(path);
	bool hit = false;

	for (size_t i = 0; tainted[i] && !hit; i++) {
		size_t tl = levels(tainted[i]);

		if (pl >= tl) {
			first_levels(&t, path, tl);
			hit = !fnmatch(tainted[i], t.ptr, FNM_PATHNAME);
		} else if (pl >= 2) {
			first_levels(&t, tainted[i], pl);
			hit = !fnmatch(t.ptr, path, FNM_PATHNAME);
		}
	}
	buf_release(&t);
	return hit;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/*
 * The context paths in one expression, normalised: lower case, levels joined
 * by '/', `['x']` as a level, `[0]`, `[*]` and `.*` as '*'. Calls back for
 * each path that starts at a word boundary.
 */
static void each_path(const char *e, size_t n, void (*fn)(const char *path, void *arg), void *arg)
{
	struct buf p = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (!isalpha((unsigned char)e[i]) ||
		    (i && (ident_char(e[i - 1]) || e[i - 1] == '.')))
			continue;
		buf_reset(&p);
		while (i < n) {
			if (ident_char(e[i])) {
				buf_addch(&p, tolower((unsigned char)e[i]));
				i++;
			} else if (e[i] == '.' && i + 1 < n &&
			           (ident_char(e[i + 1]) || e[i + 1] == '*')) {
				buf_addch(&p, '/');
				i++;
				if (e[i] == '*') {
					buf_addch(&p, '*');
					i++;
				}
			} else if (e[i] == '[') {
				size_t j = i + 1;

				while (j < n && e[j] != ']')
					j++;
				if (j >= n)
					break;
				buf_addch(&p, '/');
				if (e[i + 1] == '\'' || e[i + 1] == '"') {
					for (size_t k = i + 2; k + 1 < j; k++)
						buf_addch(&p, tolower((unsigned char)e[k]));
				} else {
					buf_addch(&p, '*');
				}
				i = j + 1;
			} else {
				break;
			}
		}
		/* numeric levels (.0) are indexes too */
		for (size_t k = 0; k + 1 < p.len; k++)
			if (p.ptr[k] == '/' && isdigit((unsigned char)p.ptr[k + 1])) {
				size_t m = k + 1;

				while (m < p.len && isdigit((unsigned char)p.ptr[m]))
					m++;
				if (m == p.len || p.ptr[m] == '/') {
					memmove(p.ptr + k + 2, p.ptr + m, p.len - m + 1);
					p.ptr[k + 1] = '*';
					p.len -= m - k - 2;
				}
			}
		if (p.len)
			fn(p.ptr, arg);
	}
	buf_release(&p);
}

struct expr_hits {
	bool tainted;
	bool input;
	char first[128]; /* the first path hit, for the message */
};

static void note_path(const char *path, void *arg)
{
	struct expr_hits *h = arg;
	bool t = path_tainted(path);
	bool in =
	        !t && (!strncmp(path, "inputs/", 7) || !strncmp(path, "github/event/inputs/", 20));

	if ((t && !h->tainted) || (in && !h->tainted && !h->input)) {
		size_t i = 0;

		for (; path[i] && i + 1 < sizeof(h->first); i++)
			h->first[i] = path[i] == '/' ? '.' : path[i];
		h->first[i] = 0;
	}
	h->tainted |= t;
	h->input |= in;
}

void ci_check_expressions(struct ci_file *f, const char *script, size_t first, const char *where)
{
	const char *p = script, *counted = script;
	size_t line = first;

	while ((p = strstr(p, "${{"))) {
		const char *end = strstr(p + 3, "}}");
		struct expr_hits h = { 0 };

		if (!end)
			break;
		line += ci_script_line(counted, (size_t)(p - counted), 0);
		counted = p;
		each_path(p + 3, (size_t)(end - p - 3), note_path, &h);
		if (h.tainted)
			ci_add(f, line, CI_SCRIPT_INJECTION, NULL,
			       "'%s' is pasted into the %s script: whoever writes it can run "
			       "commands",
			       h.first, where);
		else if (h.input)
			ci_add(f, line, CI_SCRIPT_INJECTION, "note",
			       "input '%s' is pasted into the %s script: a caller passing outside "
			       "text would run it",
			       h.first, where);
		p = end + 2;
	}
}
