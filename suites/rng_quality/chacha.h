/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ChaCha20 (RFC 8439) on the host: the reference the runner compares guest
 * output against.  The guest images key their CSPRNG with ChaCha20; a boot in
 * fixed-seed mode must reproduce this keystream bit for bit, and the bulk
 * ring carries gigabytes of it, so the stream generator is built for speed.
 *
 * The stream.  chacha_stream_* produces the keystream of blocks b, b+1, ...
 * where block b is chacha20_block(key, counter = b & 0xffffffff,
 * nonce = { b >> 32, 0, 0 }).  That is the RFC 8439 block function with the
 * 32-bit counter and the first nonce word read together as one 64-bit block
 * counter (the original Bernstein layout).  For the first 2^32 blocks
 * (256 GiB) the nonce is all zero, so the stream from block 0 is exactly
 *
 *     head -c N /dev/zero |
 *         openssl enc -chacha20 -K KEYHEX -iv 00000000000000000000000000000000
 *
 * (OpenSSL's 16-byte -iv is the 32-bit little-endian counter followed by the
 * 96-bit nonce.)  OpenSSL carries counter overflow into the first nonce word
 * too; the unit test checks that agreement across the 2^32 boundary.
 *
 * Two spellings of a key.  A 256-bit key appears in two textual forms:
 *  - chacha_parse_key(): 32 bytes in order, two hex digits per byte.  This
 *    is the kernel command line's seed=HEX64 and OpenSSL's -K.
 *  - chacha_key_from_words(): the guest's 8 32-bit "seed words" as the
 *    secret record prints them, each as 8 hex digits (most significant digit
 *    first, as printf %08x does), word 0 first.  Key bytes 4i..4i+3 are word
 *    i little-endian, which is how RFC 8439 loads the key into state words
 *    4..11.  So words "03020100 07060504 ..." are the key bytes 00 01 02 ...
 * Feeding one form to the other parser byte-swaps every word.
 */
#ifndef HB_CHACHA_H
#define HB_CHACHA_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA_BLOCK 64 /* bytes of keystream per block */
#define CHACHA_KEY 32   /* bytes of key */

/* RFC 8439 2.1: one quarter round on state words a, b, c, d (each < 16). */
void chacha_quarter(uint32_t x[16], unsigned a, unsigned b, unsigned c,
		    unsigned d);

/* RFC 8439 2.3: one 64-byte block; key and nonce already as 32-bit words. */
void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], uint8_t out[64]);

struct chacha_stream {
	uint32_t key[8]; /* key bytes as little-endian words */
	uint64_t block;  /* index of the next block to generate */
	uint8_t buf[64]; /* keystream of block - 1 ... */
	unsigned off;    /* ... of which bytes [off, 64) are still unread */
};

/* Position s at the start of block 'block' (byte offset 64 * block). */
void chacha_stream_init(struct chacha_stream *s, const uint8_t key[32],
			uint64_t block);

/* The next n keystream bytes into out; any split of reads gives one stream. */
void chacha_stream_read(struct chacha_stream *s, void *out, size_t n);

/* 64 hex digits = key bytes in order (seed=, openssl -K).  0 or -EINVAL. */
int chacha_parse_key(const char *hex64, uint8_t key[32]);

/* 64 hex digits = 8 words of 8 digits, word 0 first, each stored
 * little-endian (the secret record's seed=).  0 or -EINVAL. */
int chacha_key_from_words(const char *hex64, uint8_t key[32]);

#endif /* HB_CHACHA_H */
