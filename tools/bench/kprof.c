// SPDX-License-Identifier: GPL-2.0
/*
 * kprof: where a guest's CPUs spend their time, by kernel symbol.
 *
 *   kprof SECONDS [TOP [SYMBOL]]
 *
 * Samples every online CPU's instruction pointer with the cpu-clock
 * software event (TCG has no PMU) every 20 us for SECONDS, then prints
 * the TOP (default 30) symbols by share of samples, resolved through
 * /proc/kallsyms (modules included), user space summed apart; idle shows
 * as the idle routine's symbol.
 * With SYMBOL, the samples taken in SYMBOL are also counted by their
 * three nearest callers outside it (a kernel call chain with each sample):
 * who waits in queued_spin_lock_slowpath, for instance.
 * The guest kernel has no ftrace; this needs only perf_event_open().
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_CPUS	64
#define RING_PAGES	256		/* data pages per CPU, a power of two */
#define PERIOD_NS	20000
#define MAX_CHAIN	64		/* call chain entries read per sample */
#define MAX_CALLERS	256		/* distinct caller chains counted */

struct sym {
	uint64_t addr;
	char name[200];
	uint64_t hits;
};

static struct sym *syms;
static size_t nsyms;
static uint64_t user_hits, unknown_hits, total;

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int cmp_hits(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->hits < y->hits ? 1 : x->hits > y->hits ? -1 : 0;
}

static int load_kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256], type, name[128], mod[64];
	size_t cap = 0;
	unsigned long long addr;
	int n;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		mod[0] = 0;
		n = sscanf(line, "%llx %c %127s %63s", &addr, &type, name, mod);
		if (n < 3 || !addr || (type != 't' && type != 'T'))
			continue;
		if (nsyms == cap) {
			cap = cap ? 2 * cap : 65536;
			syms = realloc(syms, cap * sizeof(*syms));
			if (!syms)
				return -1;
		}
		syms[nsyms].addr = addr;
		syms[nsyms].hits = 0;
		snprintf(syms[nsyms].name, sizeof(syms[nsyms].name), "%s%s%s",
			 name, n == 4 ? " " : "", n == 4 ? mod : "");
		nsyms++;
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(*syms), cmp_sym);
	return nsyms ? 0 : -1;
}

/* the symbol holding @ip, or NULL */
static struct sym *sym_of(uint64_t ip)
{
	size_t lo = 0, hi = nsyms;

	if (!nsyms || ip < syms[0].addr)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= ip)
			lo = mid;
		else
			hi = mid;
	}
	return &syms[lo];
}

static struct sym *account(uint64_t ip, int user)
{
	struct sym *s;

	total++;
	if (user) {
		user_hits++;
		return NULL;
	}
	s = sym_of(ip);
	if (!s) {
		unknown_hits++;
		return NULL;
	}
	s->hits++;
	return s;
}

/* SYMBOL's samples by caller chain ("a < b < c", nearest caller first) */
static const char *watch;
static struct caller {
	char key[200];
	unsigned long long hits;
} callers[MAX_CALLERS];
static int ncallers;
static unsigned long long watch_hits;

static void account_callers(const uint64_t *chain, uint64_t n)
{
	char key[sizeof(callers[0].key)] = "";
	size_t used = 0, len;
	struct sym *s;
	uint64_t i;
	int depth = 0, k;

	watch_hits++;
	for (i = 0; i < n && depth < 3; i++) {
		if (chain[i] >= (uint64_t)-4095)	/* PERF_CONTEXT_* */
			continue;
		s = sym_of(chain[i]);
		if (!s || !strcmp(s->name, watch))
			continue;
		len = strlen(s->name);
		if (used + len + 4 > sizeof(key))
			break;
		if (depth) {
			memcpy(key + used, " < ", 3);
			used += 3;
		}
		memcpy(key + used, s->name, len + 1);
		used += len;
		depth++;
	}
	for (k = 0; k < ncallers; k++)
		if (!strcmp(callers[k].key, key))
			break;
	if (k == ncallers) {
		if (ncallers == MAX_CALLERS)
			return;
		memcpy(callers[ncallers++].key, key, sizeof(key));
	}
	callers[k].hits++;
}

static int cmp_caller(const void *a, const void *b)
{
	const struct caller *x = a, *y = b;

	return x->hits < y->hits ? 1 : x->hits > y->hits ? -1 : 0;
}

struct ring {
	int fd;
	struct perf_event_mmap_page *meta;
	char *data;
	size_t size;
};

static void drain(struct ring *r)
{
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->meta->data_tail;

	while (tail < head) {
		struct perf_event_header h;
		uint64_t rec[3 + MAX_CHAIN], ip, n;
		size_t off = tail & (r->size - 1);
		size_t i, len;
		char *buf = (char *)rec;
		struct sym *s;

		for (i = 0; i < sizeof(h); i++)
			buf[i] = r->data[(off + i) & (r->size - 1)];
		memcpy(&h, buf, sizeof(h));
		if (!h.size)
			break;
		/* header, ip, and with SYMBOL the chain's length and entries */
		len = h.size < sizeof(rec) ? h.size : sizeof(rec);
		for (i = sizeof(h); i < len; i++)
			buf[i] = r->data[(off + i) & (r->size - 1)];
		if (h.type == PERF_RECORD_SAMPLE && len >= 16) {
			ip = rec[1];
			s = account(ip, (h.misc & PERF_RECORD_MISC_CPUMODE_MASK) ==
					PERF_RECORD_MISC_USER);
			if (watch && s && !strcmp(s->name, watch) && len >= 24) {
				n = rec[2];
				if (n > (len - 24) / 8)
					n = (len - 24) / 8;
				account_callers(&rec[3], n);
			}
		}
		tail += h.size;
	}
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	struct ring rings[MAX_CPUS];
	struct timespec end, now;
	long page = sysconf(_SC_PAGESIZE);
	int ncpu = sysconf(_SC_NPROCESSORS_CONF), cpu, top, i, nr = 0;
	double secs;

	if (argc < 2 || (secs = atof(argv[1])) <= 0) {
		fprintf(stderr, "usage: kprof SECONDS [TOP [SYMBOL]]\n");
		return 2;
	}
	top = argc > 2 ? atoi(argv[2]) : 30;
	watch = argc > 3 ? argv[3] : NULL;
	if (load_kallsyms()) {
		fprintf(stderr, "kprof: cannot read /proc/kallsyms\n");
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = PERIOD_NS;
	attr.sample_type = PERF_SAMPLE_IP;
	if (watch) {
		attr.sample_type |= PERF_SAMPLE_CALLCHAIN;
		attr.exclude_callchain_user = 1;
	}
	for (cpu = 0; cpu < ncpu && cpu < MAX_CPUS; cpu++) {
		struct ring *r = &rings[nr];
		void *m;

		r->fd = syscall(SYS_perf_event_open, &attr, -1, cpu, -1, 0);
		if (r->fd < 0 && errno == ENODEV)
			continue;		/* offline */
		if (r->fd < 0) {
			fprintf(stderr, "kprof: perf_event_open cpu %d: %s\n",
				cpu, strerror(errno));
			return 1;
		}
		r->size = (size_t)RING_PAGES * page;
		m = mmap(NULL, r->size + page, PROT_READ | PROT_WRITE,
			 MAP_SHARED, r->fd, 0);
		if (m == MAP_FAILED) {
			fprintf(stderr, "kprof: mmap: %s\n", strerror(errno));
			return 1;
		}
		r->meta = m;
		r->data = (char *)m + page;
		nr++;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)secs;
	end.tv_nsec += (long)((secs - (time_t)secs) * 1e9);
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	do {
		usleep(20000);
		for (i = 0; i < nr; i++)
			drain(&rings[i]);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec < end.tv_sec ||
		 (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec));
	for (i = 0; i < nr; i++) {
		ioctl(rings[i].fd, PERF_EVENT_IOC_DISABLE, 0);
		drain(&rings[i]);
	}
	qsort(syms, nsyms, sizeof(*syms), cmp_hits);
	printf("kprof: %llu samples on %d cpus, user %.1f%%, unknown %.1f%%\n",
	       (unsigned long long)total, nr,
	       total ? 100.0 * user_hits / total : 0.0,
	       total ? 100.0 * unknown_hits / total : 0.0);
	for (i = 0; i < top && (size_t)i < nsyms && syms[i].hits; i++)
		printf("%6.2f%% %8llu %s\n", 100.0 * syms[i].hits / total,
		       (unsigned long long)syms[i].hits, syms[i].name);
	if (!watch)
		return 0;
	qsort(callers, ncallers, sizeof(*callers), cmp_caller);
	printf("kprof: %llu samples in %s, by caller\n", watch_hits, watch);
	for (i = 0; i < top && i < ncallers; i++)
		printf("%8llu %s\n", callers[i].hits, callers[i].key);
	return 0;
}
