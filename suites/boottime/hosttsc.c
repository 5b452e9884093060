/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <gsl/gsl_sort_double.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define HOSTTSC_X86 1
#else
#define HOSTTSC_X86 0
#endif

#include "hosttsc.h"

#define HOSTTSC_TRIES 3
#define HOSTTSC_WINDOW_NS 10000000

static int64_t hosttsc_raw_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#if HOSTTSC_X86
/*
 * One TSC read bracketed by two clock reads: the TSC was read at the
 * midpoint, give or take half the bracket (~50 ns, unless the thread was
 * preempted in between: then the bracket is long, and it is retried).
 */
static void hosttsc_pair(uint64_t *tsc, double *ns)
{
	int64_t a, b, best = INT64_MAX;

	for (int i = 0; i < 5; i++) {
		uint64_t t;

		a = hosttsc_raw_ns();
		t = __rdtsc();
		b = hosttsc_raw_ns();
		if (b - a < best) {
			best = b - a;
			*tsc = t;
			*ns = (double)a + (double)(b - a) / 2;
		}
	}
}

#endif

/*
 * Ticks over a 10 ms sleep against CLOCK_MONOTONIC_RAW (the NTP-unslewed
 * clock), three times, median.  An error of 100 ns at either end is 1e-5
 * of the window, far below what a boot phase can resolve.  The TSC keeps
 * ticking through the sleep on CPUs with an invariant TSC (constant_tsc,
 * nonstop_tsc in the flags recorded beside it).
 */
int hosttsc_khz(double *khz, char *err, size_t n)
{
#if HOSTTSC_X86
	double r[HOSTTSC_TRIES];

	for (int i = 0; i < HOSTTSC_TRIES; i++) {
		struct timespec ts = { 0, HOSTTSC_WINDOW_NS };
		uint64_t t0, t1;
		double n0, n1;

		hosttsc_pair(&t0, &n0);
		nanosleep(&ts, NULL);
		hosttsc_pair(&t1, &n1);
		if (n1 <= n0 || t1 <= t0) {
			snprintf(err, n, "host TSC did not advance over %d ms",
				 HOSTTSC_WINDOW_NS / 1000000);
			return -EIO;
		}
		r[i] = (double)(t1 - t0) / (n1 - n0) * 1e6;
	}
	gsl_sort(r, 1, HOSTTSC_TRIES);
	*khz = r[HOSTTSC_TRIES / 2];
	return 0;
#else
	*khz = 0;
	snprintf(err, n, "no TSC on this host architecture");
	return -ENOTSUP;
#endif
}

/* TSC-related flags of the first CPU in /proc/cpuinfo. */
static json_t *hosttsc_flags(void)
{
	static const char *const want[] = {
		"tsc", "constant_tsc", "nonstop_tsc", "tsc_known_freq", "tsc_scale",
	};
	json_t *a = json_array();
	char *data = NULL, *p, *nl;

	if (!g_file_get_contents("/proc/cpuinfo", &data, NULL, NULL))
		return a;
	p = strstr(data, "\nflags");
	nl = p ? strchr(p + 1, '\n') : NULL;
	p = p ? strchr(p, ':') : NULL;
	if (p && nl && p < nl) {
		char **tok;

		*nl = '\0';
		tok = g_strsplit(p + 1, " ", -1);
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (g_strv_contains((const char *const *)tok, want[i]))
				json_array_append_new(a, json_string(want[i]));
		g_strfreev(tok);
	}
	g_free(data);
	return a;
}

/* The vendor module behind /dev/kvm, if one is loaded. */
static const char *hosttsc_kvm_module(void)
{
	static const char *const mods[] = { "kvm_pvm", "kvm_intel", "kvm_amd" };

	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/module/%s", mods[i]);
		if (access(path, F_OK) == 0)
			return mods[i];
	}
	return NULL;
}

json_t *hosttsc_json(void)
{
	char err[160];
	double khz;
	const char *kvm = hosttsc_kvm_module();
	json_t *o;

	if (hosttsc_khz(&khz, err, sizeof(err)))
		o = json_pack("{s:s}", "unavailable", err);
	else
		o = json_pack("{s:f,s:s}", "khz", khz, "method", HOSTTSC_METHOD);
	json_object_set_new(o, "flags", hosttsc_flags());
	json_object_set_new(o, "kvm", kvm ? json_string(kvm) : json_null());
	return o;
}
