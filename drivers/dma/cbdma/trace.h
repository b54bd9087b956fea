/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbdma tracepoints: submit, complete, error, reset.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cbdma

#if !defined(_CBDMA_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CBDMA_TRACE_H

#include <linux/tracepoint.h>

#include "cbdma.h"

DECLARE_EVENT_CLASS(cbdma_desc_class,
		    TP_PROTO(struct cbdma_chan *c, struct cbdma_desc *d),
		    TP_ARGS(c, d),
		    TP_STRUCT__entry(__string(dev, dev_name(cbdma_chan_dev(c)))
				     __field(unsigned int, chan)
				     __field(int, cookie)
				     __field(int, kind)
				     __field(size_t, len)
				     __field(u16, first)
				     __field(u16, nslots)
				     __field(int, result)),
		    TP_fast_assign(__assign_str(dev,
						dev_name(cbdma_chan_dev(c)));
				   __entry->chan = c->id;
				   __entry->cookie = d->txd.cookie;
				   __entry->kind = d->kind;
				   __entry->len = d->len;
				   __entry->first = d->first;
				   __entry->nslots = d->nslots;
				   __entry->result = d->res.result;),
		    TP_printk("%s chan %u cookie %d kind %d len %zu slots %u+%u result %d",
			      __get_str(dev), __entry->chan, __entry->cookie,
			      __entry->kind, __entry->len, __entry->first,
			      __entry->nslots, __entry->result));

DEFINE_EVENT(cbdma_desc_class, cbdma_submit,
	     TP_PROTO(struct cbdma_chan *c, struct cbdma_desc *d),
	     TP_ARGS(c, d));

DEFINE_EVENT(cbdma_desc_class, cbdma_complete,
	     TP_PROTO(struct cbdma_chan *c, struct cbdma_desc *d),
	     TP_ARGS(c, d));

TRACE_EVENT(cbdma_error,
	    TP_PROTO(struct cbdma_chan *c, u32 chanerr, u64 chansts),
	    TP_ARGS(c, chanerr, chansts),
	    TP_STRUCT__entry(__string(dev, dev_name(cbdma_chan_dev(c)))
			     __field(unsigned int, chan)
			     __field(u32, chanerr)
			     __field(u64, chansts)),
	    TP_fast_assign(__assign_str(dev, dev_name(cbdma_chan_dev(c)));
			   __entry->chan = c->id;
			   __entry->chanerr = chanerr;
			   __entry->chansts = chansts;),
	    TP_printk("%s chan %u CHANERR %#x CHANSTS %#llx", __get_str(dev),
		      __entry->chan, __entry->chanerr, __entry->chansts));

TRACE_EVENT(cbdma_reset,
	    TP_PROTO(struct cbdma_chan *c),
	    TP_ARGS(c),
	    TP_STRUCT__entry(__string(dev, dev_name(cbdma_chan_dev(c)))
			     __field(unsigned int, chan)),
	    TP_fast_assign(__assign_str(dev, dev_name(cbdma_chan_dev(c)));
			   __entry->chan = c->id;),
	    TP_printk("%s chan %u", __get_str(dev), __entry->chan));

#endif /* _CBDMA_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
