/*
 * cbdma: the engine thread of the I/OAT v3.x model.
 *
 * The channels' work runs in one thread per device, not in the main loop.
 * A doorbell only sets a bit and, if the thread sleeps, wakes it: a
 * bottom half would wake the main loop through an eventfd on every
 * doorbell, and waking a sleeping thread on another host CPU costs the
 * writing vCPU tens of microseconds inside its MMIO write (31 us measured
 * on a 2-CPU cloud VM), where a real engine takes a posted write. After
 * its last work the thread keeps polling for "poll-us" microseconds, so
 * that the doorbells of a busy driver find it awake.
 *
 * The thread runs the engine's bookkeeping with the BQL held, as the main
 * loop did: fetching and decoding a descriptor, completing it, the
 * register front end, timers, fault-injection setters and MSI-X delivery
 * all run under it. It drops the BQL while a descriptor moves its data
 * (cbdma_chan_run()), the way a real engine's copy never stalls a posted
 * doorbell write: a vCPU ringing any channel, reading a clock or taking
 * an interrupt does not wait for the copies of up to a slice of
 * descriptors on every kicked channel. A command that stops or moves a
 * channel (CHANCMD, a device reset) waits for the descriptor in flight
 * first (cbdma_chan_wait_boundary()), so it still acts between two
 * descriptors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/rcu.h"
#include "qemu/timer.h"
#include "cbdma.h"
#include "trace.h"

static void *cbdma_engine_thread(void *opaque)
{
    CbdmaState *s = opaque;
    int64_t idle_since = get_clock();

    rcu_register_thread();
    while (!qatomic_read(&s->engine_stop)) {
        uint32_t kicked = qatomic_xchg(&s->kicked, 0);
        unsigned int id;
        int64_t poll_ns;

        if (kicked) {
            qemu_mutex_lock_iothread();
            trace_cbdma_engine_run(kicked);
            for (id = 0; id < s->nr_channels; id++) {
                if (kicked & (1u << id)) {
                    cbdma_chan_run(&s->chan[id]);
                }
            }
            qemu_mutex_unlock_iothread();
            idle_since = get_clock();
            continue;
        }
        poll_ns = (int64_t)qatomic_read(&s->poll_us) * SCALE_US;
        if (get_clock() - idle_since < poll_ns) {
            /*
             * Give the CPU to a vCPU that shares it: on a host with
             * fewer CPUs than busy threads, spinning would slow the very
             * guest whose doorbells it waits for.
             */
            sched_yield();
            continue;
        }
        /* reset, then look again: a kick in between is not lost */
        qemu_event_reset(&s->engine_event);
        if (!qatomic_read(&s->kicked) && !qatomic_read(&s->engine_stop)) {
            qatomic_set(&s->stat_engine_sleeps, s->stat_engine_sleeps + 1);
            trace_cbdma_engine_sleep();
            qemu_event_wait(&s->engine_event);
        }
        idle_since = get_clock();
    }
    rcu_unregister_thread();
    return NULL;
}

/* Run channel @id's engine soon. Any thread, BQL held or not. */
void cbdma_engine_kick(CbdmaState *s, unsigned int id)
{
    qatomic_or(&s->kicked, 1u << id);
    qemu_event_set(&s->engine_event);
}

/* Forget a kick not yet acted on (reset: the channel has nothing to do). */
void cbdma_engine_cancel(CbdmaState *s, unsigned int id)
{
    qatomic_and(&s->kicked, ~(1u << id));
}

/*
 * BQL held: return once channel @c's engine is between two descriptors;
 * it stays there until the BQL is dropped (cbdma_chan_boundary() in
 * cbdma-engine.c waits for the waiters to be done). The engine thread
 * itself does not wait: it gets here only through a descriptor that
 * writes into this device's registers, and the epoch makes that
 * descriptor stale if the write resets the channel.
 */
void cbdma_chan_wait_boundary(CbdmaChan *c)
{
    CbdmaState *s = c->dev;

    if (!c->executing || qemu_thread_is_self(&s->engine_thread)) {
        return;
    }
    c->boundary_waiters++;
    do {
        qemu_cond_wait_iothread(&s->engine_boundary);
    } while (c->executing);
    if (!--c->boundary_waiters) {
        qemu_cond_broadcast(&s->engine_boundary);
    }
}

void cbdma_engine_start(CbdmaState *s)
{
    qemu_event_init(&s->engine_event, false);
    qemu_cond_init(&s->engine_boundary);
    s->engine_stop = false;
    qemu_thread_create(&s->engine_thread, "cbdma-engine",
                       cbdma_engine_thread, s, QEMU_THREAD_JOINABLE);
}

/* BQL held: dropped while the thread ends, since it may be waiting for it */
void cbdma_engine_stop(CbdmaState *s)
{
    qatomic_set(&s->engine_stop, true);
    qemu_event_set(&s->engine_event);
    qemu_mutex_unlock_iothread();
    qemu_thread_join(&s->engine_thread);
    qemu_mutex_lock_iothread();
    qemu_event_destroy(&s->engine_event);
    qemu_cond_destroy(&s->engine_boundary);
}
