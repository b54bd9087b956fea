// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy_bw: the CPU's memcpy bandwidth for a few block sizes, run on the
 * host and in the guest by `make bench`. Copies blocks through 64 MiB
 * buffers so the figure is memory bandwidth, not cache bandwidth
 * ("memcpy_bw <block bytes> <MB/s>"), then one block over and over, as a
 * benchmark client that reuses its buffers has the device do
 * ("memcpy_hot <block bytes> <MB/s>").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AREA	(64u << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 4096, 65536, 1u << 20 };
	double budget = argc > 1 ? atof(argv[1]) : 0.5;
	char *src = malloc(AREA), *dst = malloc(AREA);
	unsigned int i;

	if (!src || !dst) {
		fprintf(stderr, "memcpy_bw: out of memory\n");
		return 1;
	}
	memset(src, 0x5a, AREA);
	memset(dst, 0xa5, AREA);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t off = 0, bytes = 0;
		double t0 = now(), t;

		do {
			memcpy(dst + off, src + off, sizes[i]);
			bytes += sizes[i];
			off = (off + sizes[i]) % AREA;
			t = now();
		} while (t - t0 < budget);
		printf("memcpy_bw %zu %.0f\n", sizes[i], bytes / (t - t0) / 1e6);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t bytes = 0;
		double t0 = now(), t;

		do {
			memcpy(dst, src, sizes[i]);
			/* the copy is used: the compiler may not drop it */
			__asm__ volatile("" : : "r"(dst) : "memory");
			bytes += sizes[i];
			t = now();
		} while (t - t0 < budget);
		printf("memcpy_hot %zu %.0f\n", sizes[i], bytes / (t - t0) / 1e6);
	}
	/* keep the copies from being optimised away */
	return dst[AREA / 2] == 0x5a ? 0 : 2;
}
