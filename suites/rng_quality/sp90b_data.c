/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An SP 800-90B sample: one symbol per byte, as NIST's tools read it.
 *
 * Three views of the same symbols (3.1.3): the masked values (statistics
 * that use magnitudes: excursion, covariance, compression), the values
 * translated to 0..k-1 (every estimator counts symbols, and the
 * prediction estimators' 1/k floor uses the k values present, not 2^bits),
 * and the bitstring of the untranslated values for H_bitstring.  A jitter
 * source whose deltas are 34..46 thus has k = 13 symbols of 6 bits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sp90b.h"

static unsigned sp90b_data_width(const uint8_t *buf, size_t n)
{
	unsigned all = 0, w = 0;

	for (size_t i = 0; i < n; i++)
		all |= buf[i];
	while (all >> w)
		w++;
	return w ? w : 1;
}

static void sp90b_data_translate(struct sp90b_data *d)
{
	uint8_t map[256];
	int seen[256] = { 0 };

	for (size_t i = 0; i < d->n; i++)
		seen[d->raw[i]] = 1;
	d->k = 0;
	d->maxval = 0;
	for (unsigned v = 0; v < 256; v++) {
		if (!seen[v])
			continue;
		map[v] = (uint8_t)d->k;
		d->value[d->k++] = (uint8_t)v;
		d->maxval = (uint8_t)v;
	}
	for (size_t i = 0; i < d->n; i++)
		d->sym[i] = map[d->raw[i]];
}

static void sp90b_data_bits(struct sp90b_data *d)
{
	size_t o = 0;

	for (size_t i = 0; i < d->n; i++)
		for (unsigned b = d->bits; b-- > 0;)
			d->bit[o++] = (d->raw[i] >> b) & 1;
}

int sp90b_data_init(struct sp90b_data *d, const uint8_t *buf, size_t n, unsigned bits)
{
	unsigned width = sp90b_data_width(buf, n);
	uint8_t mask;

	memset(d, 0, sizeof(*d));
	if (bits > 8)
		return -EINVAL;
	if (n == 0)
		return -ENODATA;
	d->bits = bits ? bits : width;
	if (n > SP90B_MAX_BITS / d->bits)
		return -EFBIG;
	d->masked = width > d->bits;
	mask = (uint8_t)((1u << d->bits) - 1);
	d->n = n;
	d->nbit = n * d->bits;
	d->raw = malloc(n);
	d->sym = malloc(n);
	d->bit = malloc(d->nbit);
	if (!d->raw || !d->sym || !d->bit) {
		sp90b_data_free(d);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		d->raw[i] = buf[i] & mask;
	sp90b_data_translate(d);
	sp90b_data_bits(d);
	return 0;
}

static int sp90b_data_read(const char *path, uint8_t **buf, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	int rc = 0;

	*buf = NULL;
	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) < 0) {
		rc = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
	} else if ((unsigned long long)st.st_size > SP90B_MAX_BITS) {
		rc = -EFBIG;
	} else {
		*n = (size_t)st.st_size;
		*buf = malloc(*n ? *n : 1);
		if (!*buf)
			rc = -ENOMEM;
		else if (fread(*buf, 1, *n, f) != *n)
			rc = ferror(f) ? -EIO : -ENODATA;
	}
	fclose(f);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

int sp90b_data_load(struct sp90b_data *d, const char *path, unsigned bits,
		    char *err, size_t errlen)
{
	uint8_t *buf;
	size_t n = 0;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = sp90b_data_read(path, &buf, &n);
	if (rc) {
		snprintf(err, errlen, "%s: %s", path, rc == -EINVAL ? "not a regular file" :
			 rc == -EFBIG ? "too large (at most 2^31 bits of samples)" : strerror(-rc));
		return rc;
	}
	rc = sp90b_data_init(d, buf, n, bits);
	free(buf);
	if (rc == -ENODATA)
		snprintf(err, errlen, "%s: empty: no samples", path);
	else if (rc == -EFBIG)
		snprintf(err, errlen, "%s: %zu symbols of %u bits: more than 2^31 bits", path,
			 n, bits);
	else if (rc)
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
	return rc;
}

void sp90b_data_free(struct sp90b_data *d)
{
	free(d->raw);
	free(d->sym);
	free(d->bit);
	d->raw = d->sym = d->bit = NULL;
}
