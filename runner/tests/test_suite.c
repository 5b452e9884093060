/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table-driven tests of the suite-file loader: what loads, and what is
 * refused with an error that names the file, section and key. */
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <unistd.h>

#include "suite.h"
#include "unit.h"

static char tmpdir[] = "/tmp/hb-test-suite-XXXXXX";

static const struct {
	const char *name;
	const char *ini;
	int ok;
	const char *err_has;    /* substring of the error */
} cases[] = {
	{ "minimal", "[a]\nimage = img\n", 1, NULL },
	{ "defaults apply", "[defaults]\nboots = 7\n[a]\nimage = img\n", 1, NULL },
	{ "long qemu line and ';' in values",
	  "[a]\nimage = img\nqemu_args = -device isa-debug-exit,iobase=0xf4,iosize=4 "
	  "-global kvm-pit.lost_tick_policy=discard -object memory-backend-ram,id=m0,"
	  "size=16M -smp 1,sockets=1,cores=1,threads=1 -rtc base=utc,clock=host "
	  "-msg timestamp=on -name guest=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ; not a comment\n"
	  "pattern.stack = stack;at 0x([0-9a-f]+) ;\n", 1, NULL },
	{ "backslash regex", "[a]\nimage = img\npattern.heap = heap\\s+0x([[:xdigit:]]+)\n", 1, NULL },
	{ "unknown key", "[a]\nimage = img\nbootz = 3\n", 0, "[a] unknown key 'bootz'" },
	{ "bad number", "[a]\nimage = img\nboots = ten\n", 0, "key 'boots': 'ten'" },
	{ "negative number", "[a]\nimage = img\nboots = -1\n", 0, "key 'boots'" },
	{ "zero boots", "[a]\nimage = img\nboots = 0\n", 0, "key 'boots'" },
	{ "bad timeout", "[a]\nimage = img\ntimeout = 0\n", 0, "key 'timeout'" },
	{ "bad enum", "[a]\nimage = img\nmode = lukewarm\n", 0, "key 'mode': 'lukewarm'" },
	{ "missing image key", "[a]\nboots = 1\n", 0, "[a] missing key 'image'" },
	{ "missing image file", "[a]\nimage = nosuch.elf\n", 0, "nosuch.elf" },
	{ "image not in manifest", "[a]\nimage = nosuch\n", 0, "image nosuch: not in" },
	{ "non-ELF image", "[a]\nimage = notelf.elf\n", 0, "not an ELF file" },
	{ "no sections", "[defaults]\nboots = 1\n", 0, "no [section] to run" },
	{ "empty file", "", 0, "no [section] to run" },
	{ "bad regex", "[a]\nimage = img\npattern.x = (\n", 0, "key 'pattern.x': bad regex" },
	{ "two capture groups", "[a]\nimage = img\npattern.x = (a)(b)\n", 0, "2 capture groups" },
	{ "regex bomb", "[a]\nimage = img\npattern.x = (x{255}){255}\n", 0, "regex too large" },
	{ "stacked repeats", "[a]\nimage = img\npattern.x = a+++\n", 0, "regex too large" },
	{ "no capture group", "[a]\nimage = img\npattern.x = abc\n", 0,
	  "key 'pattern.x': 0 capture groups, need exactly 1" },
	{ "done needs no group", "[a]\nimage = img\npattern.done = Bye\n", 1, NULL },
	{ "typed captures", "[a]\nimage = img\npattern.addr.stack = s=(.*)\n"
	  "pattern.secret.canary.hex = c=(.*)\npattern.secret.rng.dec = r=(.*)\n"
	  "pattern.mark.main = m=(.*)\npattern.heap.hex = h=(.*)\n", 1, NULL },
	{ "unknown kind", "[a]\nimage = img\npattern.key.x = (a)\n", 0,
	  "key 'pattern.key.x': not pattern.NAME" },
	{ "unknown base", "[a]\nimage = img\npattern.secret.x.oct = (a)\n", 0,
	  "key 'pattern.secret.x.oct': not pattern.NAME" },
	{ "mark not a phase", "[a]\nimage = img\npattern.mark.late = (a)\n", 0,
	  "'late' is not a phase mark" },
	{ "bad qemu_args quoting", "[a]\nimage = img\nqemu_args = -foo \"open\n", 0, "key 'qemu_args'" },
	{ "unknown suite key", "[suite]\nnam = x\n[a]\nimage = img\n", 0, "[suite] unknown key 'nam'" },
	{ "interleaved suite", "[suite]\ninterleave = 1\n[a]\nimage = img\n", 1, NULL },
	{ "bad interleave", "[suite]\ninterleave = -2\n[a]\nimage = img\n", 0,
	  "[suite] key 'interleave': '-2'" },
	{ "warm-up and baseline", "[a]\nimage = img\n[b]\nimage = img\nwarmup = 2\nbaseline = a\n", 1, NULL },
	{ "baseline not a section", "[a]\nimage = img\nbaseline = z\n", 0,
	  "[a] key 'baseline': 'z' is not another section" },
	{ "baseline itself", "[a]\nimage = img\nbaseline = a\n", 0, "[a] key 'baseline'" },
	{ "not INI", "image = img\n", 0, "t.ini" },
};

static void setup(void)
{
	static const unsigned char elf[20] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0,
					       0, 0, 0, 0, 0, 0, 2, 0, 62, 0 };
	char *p;

	if (!mkdtemp(tmpdir))
		abort();
	p = g_build_filename(tmpdir, "img.elf", NULL);
	g_file_set_contents(p, (const char *)elf, sizeof(elf), NULL);
	g_free(p);
	p = g_build_filename(tmpdir, "notelf.elf", NULL);
	g_file_set_contents(p, "#!/bin/sh\necho hi\n", -1, NULL);
	g_free(p);
	p = g_build_filename(tmpdir, "manifest.json", NULL);
	g_file_set_contents(p, "{\"version\":1,\"images\":[{\"name\":\"img\",\"file\":"
			    "\"img.elf\",\"protocol\":\"HB1\",\"machines\":[\"microvm\"],"
			    "\"memory_mib\":24,\"exit\":{\"port\":\"0xf4\",\"pass\":1,\"fail\":3}}]}",
			    -1, NULL);
	g_free(p);
}

static int load(const char *ini, struct suite *s, char *err)
{
	/* Relative image paths resolve against the suite file's directory. */
	char *path = g_build_filename(tmpdir, "t.ini", NULL);
	int rc;

	g_file_set_contents(path, ini, -1, NULL);
	rc = suite_load(s, path, tmpdir, err, SUITE_ERR_LEN);
	g_free(path);
	return rc;
}

int main(void)
{
	setup();
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		struct suite s;
		char err[SUITE_ERR_LEN] = "";
		int rc = load(cases[i].ini, &s, err);

		if (cases[i].ok)
			unit_ok(rc == 0, "%s loads%s%s", cases[i].name, rc ? ": " : "", err);
		else
			unit_ok(rc < 0 && strstr(err, cases[i].err_has),
				"%s refused: %s", cases[i].name, err);
		suite_free(&s);
	}
	{
		struct suite s;
		char err[SUITE_ERR_LEN] = "";

		load("[defaults]\nboots = 7\npattern.a = (x)\n[a]\nimage = img\npattern.addr.a = (y)\n"
		     "[b c]\nimage = img\nboots = 3\nmode = warm\n", &s, err);
		unit_ok(s.nsec == 2 && s.sec[0].boots == 7 && s.sec[1].boots == 3 &&
			!strcmp(s.sec[1].name, "b c") && !strcmp(s.sec[1].mode, "warm"),
			"defaults apply, sections override");
		unit_ok(s.sec[0].npat == 1 && !strcmp(s.sec[0].pat[0].source, "(y)"),
			"a section's pattern.addr.a replaces the default's pattern.a");
		unit_ok(s.sec[0].memory == 24 && !strcmp(s.sec[0].machine, "microvm"),
			"manifest fills memory and machine");
		{
			static const char *const only[] = { "b c" }, *const nope[] = { "nope" };
			struct suite_overrides o = { .boots = 100, .mode = "cold", .only = only, .nonly = 1 };

			unit_ok(suite_apply(&s, &o, err, sizeof(err)) == 0 && s.nsec == 1 &&
				s.sec[0].boots == 100 && !strcmp(s.sec[0].mode, "cold"),
				"--section and overrides");
			o.only = nope;
			unit_ok(suite_apply(&s, &o, err, sizeof(err)) == -ENOENT &&
				strstr(err, "no section [nope]"), "missing section named: %s", err);
		}
		suite_free(&s);
	}
	{
		static const char *const two[] = { "c", "a" };
		struct suite_overrides o = { .only = two, .nonly = 2 };
		struct suite s;
		char err[SUITE_ERR_LEN] = "";

		load("[suite]\ninterleave = 3\n[a]\nimage = img\n[b]\nimage = img\n"
		     "[c]\nimage = img\nwarmup = 4\nbaseline = a\n", &s, err);
		unit_ok(s.interleave == 3 && s.sec[2].warmup == 4 && s.sec[0].warmup == 0 &&
			!strcmp(s.sec[2].baseline, "a") && !strcmp(s.sec[0].baseline, ""),
			"[suite] interleave, warmup and baseline read");
		unit_ok(suite_apply(&s, &o, err, sizeof(err)) == 0 && s.nsec == 2 &&
			!strcmp(s.sec[0].name, "a") && !strcmp(s.sec[1].name, "c"),
			"--section twice keeps both, in the suite's order");
		suite_free(&s);
	}
	{
		char *cmd = g_strdup_printf("rm -rf %s", tmpdir);

		if (system(cmd)) {
			/* leftover temp dir only */
		}
		g_free(cmd);
	}
	return unit_done();
}
