/*
 * advisories.c: 3.4.2 (customers are informed) and 3.5.1 (security updates go out as
 * soon as practicable), from the records `vouch advisory publish --log` appends to the
 * build log ([evidence] log): one entry of schema vouch-advisory/1 per advisory, with
 * its CSAF path and its timing (days from report to fix, from fix to advisory).
 *
 * 3.4.2 is met when the log records published advisories; 3.5.1 is met when every
 * advisory with both dates had its fix within ASSESS_FIX_DAYS of the report, and not
 * met, naming the late ones, otherwise. Without records the claims are left as they
 * are (declared or unknown): no advisory may mean no vulnerability to tell of.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

/*
 * The longest time from report to fixed release taken as "as soon as practicable":
 * the 90 days of the coordinated-disclosure deadline most finders apply.
 */
#define ASSESS_FIX_DAYS 90
#define MAX_SHOWN       10

struct adv_scan {
	size_t n, timed, late;
	int64_t max_days, sum_days;
	char latest_id[128], latest_date[32];
	struct buf late_list;
};

static void scan(struct adv_scan *s, struct tlog *log)
{
	struct buf b = BUF_INIT;

	for (uint64_t i = 0; i < log->size && i < ASSESS_LOG_MAX_SCAN; i++) {
		json_t *doc = NULL;
		const json_t *t, *d;
		const char *id, *pub;

		buf_reset(&b);
		if (tlog_get(&b, log, i) < 0 || !b.len || b.ptr[0] != '{' ||
		    vjson_parse(&doc, b.ptr, b.len, "entry") < 0)
			continue;
		t = json_object_get(doc, "timing");
		id = vjson_str(t, "id");
		pub = vjson_str(t, "published");
		if (!vjson_str(doc, "schema") ||
		    strcmp(vjson_str(doc, "schema"), "vouch-advisory/1") || !id || !pub) {
			json_decref(doc);
			continue;
		}
		s->n++;
		if (strcmp(pub, s->latest_date) >= 0) {
			snprintf(s->latest_id, sizeof(s->latest_id), "%s", id);
			snprintf(s->latest_date, sizeof(s->latest_date), "%.10s", pub);
		}
		d = json_object_get(t, "days_report_to_fix");
		if (json_is_integer(d)) {
			int64_t days = json_integer_value(d);
			s->timed++;
			s->sum_days += days;
			if (days > s->max_days)
				s->max_days = days;
			if (days > ASSESS_FIX_DAYS && s->late++ < MAX_SHOWN)
				buf_addf(&s->late_list, "%s%s (%" PRId64 " days)",
				         s->late_list.len ? ", " : "", id, days);
		}
		json_decref(doc);
	}
	buf_release(&b);
}

static void run(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const struct assess_config *c = a->cfg;
	struct assess_result *r1 = ac_res(a, "3.4.2"), *r2 = ac_res(a, "3.5.1");
	struct adv_scan s = { .late_list = BUF_INIT };
	struct tlog log = TLOG_INIT;

	if (!c->log_dir || !r1 || !r2 || tlog_open(&log, c->log_dir, 0) < 0)
		goto done;
	scan(&s, &log);
	if (!s.n)
		goto done;
	ac_evidence(x, r1, c->log_dir, "advisories");
	ac_evidence(x, r2, c->log_dir, "advisories");
	ac_set(r1, ST_MET,
	       "The build log records %zu published advisor%s (CSAF 2.0 in a provider folder, "
	       "OSV and OpenVEX), the latest %s on %s.",
	       s.n, s.n == 1 ? "y" : "ies", s.latest_id, s.latest_date);
	if (!s.timed) {
		ac_set(r2, ST_UNKNOWN,
		       "%zu advisor%s recorded, none with both the report and the fix dates.", s.n,
		       s.n == 1 ? "y" : "ies");
		ac_gap(r2, "Give each advisory its 'reported' and 'fix_released' dates so the time "
		           "to fix is measured.");
	} else if (s.late) {
		ac_set(r2, ST_NOT_MET,
		       "%zu of %zu advisories with dates took longer than %d days from report to "
		       "fix: %s%s.",
		       s.late, s.timed, ASSESS_FIX_DAYS, s.late_list.ptr,
		       s.late > MAX_SHOWN ? " and more" : "");
		ac_gap(r2,
		       "Ship fixes within %d days of the report, or record why a fix took "
		       "longer (a declared claim with its reason).",
		       ASSESS_FIX_DAYS);
	} else {
		ac_set(r2, ST_MET,
		       "Every one of %zu advisories with dates was fixed within %d days of the "
		       "report: %" PRId64 " days at most, %" PRId64 " on average.",
		       s.timed, ASSESS_FIX_DAYS, s.max_days, s.sum_days / (int64_t)s.timed);
	}
done:
	tlog_release(&log);
	buf_release(&s.late_list);
}

const struct assess_collector assess_collector_advisories = {
	"advisories",
	"3.4.2 3.5.1",
	run,
};
