/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM iosup

#if !defined(_IOSUP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _IOSUP_TRACE_H

#include <linux/tracepoint.h>

/* pool: the block came from the pool (alloc) or went to it (free). */
DECLARE_EVENT_CLASS(iosup_page,
	TP_PROTO(int level, bool pool),
	TP_ARGS(level, pool),
	TP_STRUCT__entry(
		__field(int, level)
		__field(bool, pool)
	),
	TP_fast_assign(
		__entry->level = level;
		__entry->pool = pool;
	),
	TP_printk("level=%d pool=%d", __entry->level, __entry->pool)
);

DEFINE_EVENT(iosup_page, iosup_alloc,
	TP_PROTO(int level, bool pool),
	TP_ARGS(level, pool)
);

DEFINE_EVENT(iosup_page, iosup_free,
	TP_PROTO(int level, bool pool),
	TP_ARGS(level, pool)
);

TRACE_EVENT(iosup_reclaim,
	TP_PROTO(int level, unsigned long pages, int reason),
	TP_ARGS(level, pages, reason),
	TP_STRUCT__entry(
		__field(int, level)
		__field(unsigned long, pages)
		__field(int, reason)
	),
	TP_fast_assign(
		__entry->level = level;
		__entry->pages = pages;
		__entry->reason = reason;
	),
	TP_printk("level=%d pages=%lu reason=%s", __entry->level,
		  __entry->pages,
		  __print_symbolic(__entry->reason,
				   { 0, "policy" }, { 1, "manual" },
				   { 2, "shrinker" }, { 3, "disable" }))
);

#endif /* _IOSUP_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iosup_trace
#include <trace/define_trace.h>
