#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/walk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Records every callback as "KIND rel [reason]" lines. */
static int record(const struct walk_entry *e, void *payload)
{
	static const char *kinds[] = { "F", "D", "O", "E", "L" };
	struct buf *b = payload;

	buf_addf(b, "%s %s", kinds[e->kind], e->rel);
	if (e->kind == WALK_ERROR)
		buf_addf(b, " [%s]", e->reason);
	buf_addch(b, '\n');
	return 0;
}

static void mk(const char *root, const char *rel, int kind, const char *target)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/%s", root, rel);
	if (kind == 'd')
		CHECK(mkdir(p.ptr, 0755) == 0);
	else if (kind == 'f')
		CHECK(close(open(p.ptr, O_WRONLY | O_CREAT, 0644)) == 0);
	else if (kind == 'l')
		CHECK(symlink(target, p.ptr) == 0);
	else if (kind == 'p')
		CHECK(mkfifo(p.ptr, 0600) == 0);
	buf_release(&p);
}

static void test_order_links_and_errors(void)
{
	const char *tmp = harness_tmpdir();
	struct buf root = BUF_INIT, out = BUF_INIT;

	buf_addf(&root, "%s/root", tmp);
	CHECK(mkdir(root.ptr, 0755) == 0);
	mk(tmp, "outside.txt", 'f', NULL);
	mk(root.ptr, "b", 'd', NULL);
	mk(root.ptr, "b/z.txt", 'f', NULL);
	mk(root.ptr, "b/a.txt", 'f', NULL);
	mk(root.ptr, "a.txt", 'f', NULL);
	mk(root.ptr, "c-link-file", 'l', "a.txt");
	mk(root.ptr, "d-link-dir", 'l', "b");
	mk(root.ptr, "e-escape", 'l', "../outside.txt");
	mk(root.ptr, "f-dangling", 'l', "nowhere");
	mk(root.ptr, "b/g-loop", 'l', "..");
	mk(root.ptr, "h-fifo", 'p', NULL);
	mk(root.ptr, "i-abs-escape", 'l', "/etc");

	CHECK_OK(walk(root.ptr, NULL, record, &out));
	CHECK_STR(out.ptr,
	          "D \n"
	          "F a.txt\n"
	          "D b\n"
	          "F b/a.txt\n"
	          "E b/g-loop [symbolic link loop: points to a folder that contains it]\n"
	          "F b/z.txt\n"
	          "F c-link-file\n"
	          "L d-link-dir\n"
	          "E e-escape [symbolic link points outside the scanned tree: not followed]\n"
	          "E f-dangling [dangling symbolic link]\n"
	          "O h-fifo\n"
	          "E i-abs-escape [symbolic link points outside the scanned tree: not followed]\n");
	buf_release(&root);
	buf_release(&out);
}

static void test_link_to_dir_inside_is_walked_once(void)
{
	const char *tmp = harness_tmpdir();
	struct buf out = BUF_INIT;

	mk(tmp, "z", 'd', NULL);
	mk(tmp, "z/file", 'f', NULL);
	mk(tmp, "a-link", 'l', "z");
	CHECK_OK(walk(tmp, NULL, record, &out));
	/* the folder is walked under its own path only, whatever the order */
	CHECK_STR(out.ptr, "D \nL a-link\nD z\nF z/file\n");
	buf_release(&out);
}

/* "KIND rel -> target relative to root [not followed]" for links. */
static int record_links(const struct walk_entry *e, void *payload)
{
	static const char kinds[] = "FDOEL";
	struct buf *b = payload;

	if (!e->via_link)
		return 0;
	buf_addf(b, "%c %s", kinds[e->kind], e->rel);
	if (e->kind == WALK_FILE)
		buf_addf(b, " -> %s",
		         strstr(e->target, "/root/") ? strstr(e->target, "/root/") + 6 : "?");
	if (e->kind == WALK_ERROR)
		buf_addf(b, " [%s]%s", e->reason, e->not_followed ? " note" : "");
	buf_addch(b, '\n');
	return 0;
}

/* A root file system's links name places in itself, absolute or not. */
static void test_in_root_links_resolve_inside(void)
{
	const char *tmp = harness_tmpdir();
	struct walk_opts opts = { .in_root = true };
	struct buf root = BUF_INIT, out = BUF_INIT, real = BUF_INIT;

	static const struct {
		const char *rel;
		int kind;
		const char *target;
	} tree[] = {
		{ "usr", 'd', NULL },
		{ "usr/real", 'f', NULL },
		{ "var", 'd', NULL },
		{ "var/a-abs", 'l', "/usr/real" },
		{ "var/b-rel", 'l', "../../../usr/real" },
		{ "var/c-chain", 'l', "/var/a-abs" },
		{ "var/d-dangling", 'l', "/usr/none" },
		{ "var/e-loop", 'l', "/var/f-loop" },
		{ "var/f-loop", 'l', "e-loop" },
		{ "var/g-dir-loop", 'l', "/" },
		{ "var/h-through", 'l', "/var/../usr/./real" },
		{ "var/k-etc", 'l', "/etc" },
	};

	buf_addf(&root, "%s/root", tmp);
	CHECK(mkdir(root.ptr, 0755) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(tree); i++)
		mk(root.ptr, tree[i].rel, tree[i].kind, tree[i].target);
	CHECK_OK(walk(root.ptr, &opts, record_links, &out));
	CHECK_STR(out.ptr, "F var/a-abs -> usr/real\n"
	                   "F var/b-rel -> usr/real\n"
	                   "F var/c-chain -> usr/real\n"
	                   "E var/d-dangling [dangling symbolic link] note\n"
	                   "E var/e-loop [symbolic link loop] note\n"
	                   "E var/f-loop [symbolic link loop] note\n"
	                   "E var/g-dir-loop [symbolic link loop: points to a folder that "
	                   "contains it] note\n"
	                   "F var/h-through -> usr/real\n"
	                   "E var/k-etc [dangling symbolic link] note\n");
	/* without in_root an absolute link names this machine's /etc */
	buf_reset(&out);
	CHECK_OK(walk(root.ptr, NULL, record_links, &out));
	CHECK(strstr(out.ptr, "E var/k-etc [symbolic link points outside the scanned tree: not "
	                      "followed] note\n") != NULL);
	CHECK(strstr(out.ptr, "F var/b-rel") == NULL);
	/* ... unless it names a place under the root by its real path */
	{
		char *rp = realpath(root.ptr, NULL);

		CHECK(rp != NULL);
		buf_addf(&real, "%s/usr/real", rp);
		free(rp);
	}
	mk(root.ptr, "var/i-real-abs", 'l', real.ptr);
	buf_reset(&out);
	CHECK_OK(walk(root.ptr, NULL, record_links, &out));
	CHECK(strstr(out.ptr, "F var/i-real-abs -> usr/real\n") != NULL);
	buf_release(&root);
	buf_release(&out);
	buf_release(&real);
}

static int skip_b(const struct walk_entry *e, void *payload)
{
	record(e, payload);
	return e->kind == WALK_DIR && !strcmp(e->name, "b") ? WALK_SKIP : 0;
}

static void test_exclude_and_skip(void)
{
	const char *tmp = harness_tmpdir();
	const char *ex[] = { ".git", "x/*.tmp" };
	struct walk_opts opts = { .exclude = ex, .nexclude = 2 };
	struct buf out = BUF_INIT;

	mk(tmp, ".git", 'd', NULL);
	mk(tmp, ".git/config", 'f', NULL);
	mk(tmp, "x", 'd', NULL);
	mk(tmp, "x/a.tmp", 'f', NULL);
	mk(tmp, "x/a.txt", 'f', NULL);
	mk(tmp, "b", 'd', NULL);
	mk(tmp, "b/inner", 'f', NULL);
	CHECK_OK(walk(tmp, &opts, skip_b, &out));
	CHECK_STR(out.ptr, "D \nD b\nD x\nF x/a.txt\n");
	buf_release(&out);
}

static void test_depth_limit_reported(void)
{
	const char *tmp = harness_tmpdir();
	struct walk_opts opts = { .max_depth = 2 };
	struct buf out = BUF_INIT;

	mk(tmp, "a", 'd', NULL);
	mk(tmp, "a/b", 'd', NULL);
	mk(tmp, "a/b/c", 'd', NULL);
	mk(tmp, "a/b/c/f", 'f', NULL);
	CHECK_OK(walk(tmp, &opts, record, &out));
	CHECK_STR(out.ptr, "D \nD a\nE a/b [folder nesting deeper than the limit: not walked]\n");
	buf_release(&out);
}

static void test_unreadable_folder_reported(void)
{
	const char *tmp = harness_tmpdir();
	struct buf out = BUF_INIT, p = BUF_INIT;
	int status;
	pid_t pid;

	mk(tmp, "locked", 'd', NULL);
	mk(tmp, "locked/f", 'f', NULL);
	buf_addf(&p, "%s/locked", tmp);
	CHECK(chmod(p.ptr, 0) == 0);
	CHECK(chmod(tmp, 0755) == 0);
	/*
	 * Root reads any folder whatever its mode, so as root the walk runs in a
	 * child that has dropped to an unprivileged user.
	 */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		if (walk(tmp, NULL, record, &out) != 0)
			_exit(3);
		_exit(strstr(out.ptr, "E locked [cannot open folder]") ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	chmod(p.ptr, 0755);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
	buf_release(&out);
	buf_release(&p);
}

static void test_single_file_root_and_missing_root(void)
{
	const char *tmp = harness_tmpdir();
	struct buf out = BUF_INIT, p = BUF_INIT;

	mk(tmp, "one", 'f', NULL);
	buf_addf(&p, "%s/one", tmp);
	CHECK_OK(walk(p.ptr, NULL, record, &out));
	CHECK_STR(out.ptr, "F \n");
	buf_reset(&p);
	buf_addf(&p, "%s/none", tmp);
	CHECK_INT(walk(p.ptr, NULL, record, &out), ERR_IO);
	CHECK(strstr(err_msg(), "none") != NULL);
	buf_release(&out);
	buf_release(&p);
}

static int stop_at_second(const struct walk_entry *e, void *payload)
{
	int *n = payload;

	return ++*n == 2 ? err_set(ERR_GENERIC, "stop") : 0;
}

static void test_callback_error_stops_walk(void)
{
	const char *tmp = harness_tmpdir();
	int n = 0;

	mk(tmp, "a", 'f', NULL);
	mk(tmp, "b", 'f', NULL);
	CHECK_INT(walk(tmp, NULL, stop_at_second, &n), ERR_GENERIC);
	CHECK_INT(n, 2);
}

/* Removes "b" when "a" is visited: b was listed with its folder, then is gone. */
static int remove_b(const struct walk_entry *e, void *payload)
{
	struct buf *b = payload;

	if (e->kind == WALK_FILE && !strcmp(e->name, "a")) {
		struct buf p = BUF_INIT;

		buf_addf(&p, "%.*s/b", (int)(strlen(e->path) - 2), e->path);
		CHECK(unlink(p.ptr) == 0);
		buf_release(&p);
	}
	if (e->kind == WALK_ERROR)
		buf_addf(b, "%s %d %d [%s]\n", e->rel, e->not_followed, e->err, e->reason);
	return 0;
}

static void test_entry_removed_during_walk(void)
{
	const char *tmp = harness_tmpdir();
	struct buf got = BUF_INIT;

	mk(tmp, "a", 'f', NULL);
	mk(tmp, "b", 'f', NULL);
	CHECK_OK(walk(tmp, NULL, remove_b, &got));
	CHECK_STR(got.ptr, "b 1 0 [removed while the folder was walked]\n");
	buf_release(&got);
}

/* Top-level folders of "/": which were entered, which were not and why. */
struct top {
	struct buf entered, refused;
};

static int top_level(const struct walk_entry *e, void *payload)
{
	struct top *t = payload;

	if (e->depth != 1)
		return 0;
	if (e->kind == WALK_DIR) {
		buf_addf(&t->entered, "%s\n", e->rel);
		return WALK_SKIP;
	}
	if (e->kind == WALK_ERROR && e->not_followed && strstr(e->reason, "running system"))
		buf_addf(&t->refused, "%s\n", e->rel);
	return 0;
}

static void test_live_root_skips_the_running_system(void)
{
	struct top t = { BUF_INIT, BUF_INIT };

	CHECK_OK(walk("/", NULL, top_level, &t));
	/* this machine's /proc, /sys and /dev exist; /run on every Debian system */
	CHECK(strstr(t.refused.ptr, "proc\n") != NULL);
	CHECK(strstr(t.refused.ptr, "sys\n") != NULL);
	CHECK(strstr(t.refused.ptr, "dev\n") != NULL);
	CHECK(strstr(t.refused.ptr, "run\n") != NULL);
	CHECK(strstr(t.entered.ptr, "usr\n") != NULL);
	CHECK(strstr(t.entered.ptr, "proc\n") == NULL);
	buf_release(&t.entered);
	buf_release(&t.refused);
}

/* Under /dev: the devpts mount is virtual and never entered; with one_file_system neither is /dev/shm. */
static void test_virtual_and_other_file_systems(void)
{
	struct walk_opts o = { 0 };
	struct top t = { BUF_INIT, BUF_INIT };
	struct stat a, b;

	if (stat("/dev/pts", &a) < 0 || stat("/dev", &b) < 0 || a.st_dev == b.st_dev)
		harness_skip("/dev/pts is not a mount of its own here");
	CHECK_OK(walk("/dev", NULL, top_level, &t));
	CHECK(strstr(t.entered.ptr ? t.entered.ptr : "", "pts\n") == NULL);
	buf_reset(&t.entered);
	o.one_file_system = true;
	CHECK_OK(walk("/dev", &o, top_level, &t));
	if (stat("/dev/shm", &a) == 0 && a.st_dev != b.st_dev)
		CHECK(strstr(t.entered.ptr ? t.entered.ptr : "", "shm\n") == NULL);
	buf_release(&t.entered);
	buf_release(&t.refused);
}

RUN_TESTS("walk", T(test_order_links_and_errors), T(test_link_to_dir_inside_is_walked_once),
          T(test_exclude_and_skip), T(test_depth_limit_reported),
          T(test_unreadable_folder_reported), T(test_single_file_root_and_missing_root),
          T(test_callback_error_stops_walk), T(test_entry_removed_during_walk),
          T(test_in_root_links_resolve_inside), T(test_live_root_skips_the_running_system),
          T(test_virtual_and_other_file_systems))
