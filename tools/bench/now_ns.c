// SPDX-License-Identifier: GPL-2.0
/*
 * now_ns: print CLOCK_MONOTONIC in nanoseconds. The guest's busybox has
 * no "date +%N" and /proc/uptime counts centiseconds, which is 5% of a
 * 200 ms md write: the bench scripts time their runs with this instead.
 */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 1;
	printf("%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	return 0;
}
