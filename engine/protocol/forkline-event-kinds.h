/* forkline-event-kinds.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one table of event kinds.  Each line says, for one record type: its
 * number on the wire, the name --text, --json and Perfetto use, its
 * category (which part of the model takes it), which fields it fills, what
 * a, b and c mean and how their values read, what label and text hold, and
 * how the event reads in words.  The codec, the text and JSON output, the
 * model's dispatch, the event descriptions and the Perfetto export follow
 * from it: a new kind is one line here plus its meaning where it has one.
 *
 * Words are templates: {a} {b} {c} are values as their type reads in words
 * (a process index reads as the process's name), {object} the object's
 * name, {label} {text} {cpu} as they are, {Label} the label as a sentence,
 * and {x?yes|no} reads "yes" when x (a, b, c, label or text) is set, else
 * "no"; both branches may hold placeholders.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a value of a, b or c reads. */
typedef enum
{
  FORKLINE_VALUE_NONE,          /* the field is not used */
  FORKLINE_VALUE_INT,
  FORKLINE_VALUE_BOOL,          /* True / False, as Python prints them */
  FORKLINE_VALUE_NS,            /* a duration in ns: "1.5 ms" */
  FORKLINE_VALUE_SIGNAL,        /* "9 (Killed)" */
  FORKLINE_VALUE_PROC,          /* a process index: its name in words */
  FORKLINE_VALUE_STATE,         /* ForklineState */
  FORKLINE_VALUE_RESULT,        /* ForklineResult */
  FORKLINE_VALUE_METHOD,        /* ForklineMethod */
  FORKLINE_VALUE_OBJECT_KIND,   /* ForklineObjectKind */
  FORKLINE_VALUE_LEAVE,         /* ForklineLeave: "preempted", "blocked" */
  FORKLINE_VALUE_THREAD,        /* a thread id; 0: the process's main thread */
} ForklineValueType;

typedef struct
{
  const char        *name;      /* "cell", "waited"; NULL: unused */
  ForklineValueType  type;
} ForklineValueSpec;

/* Which part of the model takes a kind. */
typedef enum
{
  FORKLINE_CATEGORY_RUN,        /* header, lesson begin and end */
  FORKLINE_CATEGORY_PROCESS,    /* fork, start, exit, reap */
  FORKLINE_CATEGORY_STATE,      /* what the lesson says a process does */
  FORKLINE_CATEGORY_KERNEL,     /* what the kernel says: CPUs */
  FORKLINE_CATEGORY_OBJECT,     /* a queue, pipe, lock, array or pool is made */
  FORKLINE_CATEGORY_QUEUE,
  FORKLINE_CATEGORY_PIPE,
  FORKLINE_CATEGORY_LOCK,
  FORKLINE_CATEGORY_ARRAY,
  FORKLINE_CATEGORY_POOL,
  FORKLINE_CATEGORY_PRINT,
  FORKLINE_CATEGORY_ERROR,
  FORKLINE_CATEGORY_CODE,       /* the program's source and current lines */
  FORKLINE_N_CATEGORIES
} ForklineCategory;

/* Fields besides time, a, b and c that a kind fills (the rest are 0). */
typedef enum
{
  FORKLINE_FIELD_PID    = 1 << 0,
  FORKLINE_FIELD_PEER   = 1 << 1,
  FORKLINE_FIELD_CPU    = 1 << 2,
  FORKLINE_FIELD_OBJECT = 1 << 3,
  FORKLINE_FIELD_MSG    = 1 << 4,
} ForklineFields;

/* What a kind does to the things the model derives. */
typedef enum
{
  FORKLINE_ROLE_NONE,
  FORKLINE_ROLE_SEND,           /* a message enters a queue or pipe */
  FORKLINE_ROLE_RECEIVE,        /* a message leaves it */
  FORKLINE_ROLE_BEGIN,          /* switch-in, lock-wait, task-dispatch … */
  FORKLINE_ROLE_MIDDLE,         /* lock-acquire, task-start */
  FORKLINE_ROLE_END,            /* switch-out, lock-release, task-finish */
} ForklineRole;

#define FL_V_NONE             { NULL, FORKLINE_VALUE_NONE }
#define FL_V(type, name)      { name, FORKLINE_VALUE_##type }
#define FL_F(fields)          (fields)
#define FL_PID                FORKLINE_FIELD_PID
#define FL_PEER               FORKLINE_FIELD_PEER
#define FL_CPU                FORKLINE_FIELD_CPU
#define FL_OBJ                FORKLINE_FIELD_OBJECT
#define FL_MSG                FORKLINE_FIELD_MSG

/* X (ID, number, "name", category, role, fields, a, b, c, "label", "text", "words") */
#define FORKLINE_EVENT_KINDS(X) \
  X (HEADER,         1, "header",        RUN,     NONE,    FL_F (FL_PID | FL_MSG), \
     FL_V (INT, "version"), FL_V (INT, "cpus"), FL_V (METHOD, "method"), "lesson", "params", \
     "The run began") \
  X (LESSON_BEGIN,   2, "lesson-begin",  RUN,     NONE,    FL_F (FL_PID), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "lesson", "title", \
     "Lesson “{text}” began") \
  X (LESSON_END,     3, "lesson-end",    RUN,     NONE,    FL_F (FL_PID), \
     FL_V (RESULT, "result"), FL_V_NONE, FL_V_NONE, "lesson", "summary", \
     "The lesson {a}") \
  X (PROC_FORK,     10, "fork",          PROCESS, BEGIN,   FL_F (FL_PID | FL_PEER | FL_CPU), \
     FL_V (PROC, "parent"), FL_V_NONE, FL_V_NONE, "name", NULL, \
     "{label} was forked by {a}") \
  X (PROC_START,    11, "start",         PROCESS, MIDDLE,  FL_F (FL_PID | FL_CPU), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "name", NULL, \
     "Started running the lesson code") \
  X (PROC_EXIT,     12, "exit",          PROCESS, END,     FL_F (FL_PID | FL_PEER | FL_CPU), \
     FL_V (INT, "code"), FL_V (SIGNAL, "signal"), FL_V (NS, "cpu-time"), "name", NULL, \
     "{b?Killed by signal {b}|Exited with code {a}}") \
  X (PROC_REAP,     13, "reap",          PROCESS, NONE,    FL_F (FL_PID | FL_PEER | FL_CPU), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "name", NULL, \
     "Reaped by its parent (waitpid)") \
  X (THREAD_START,  15, "thread-start",  PROCESS, NONE,    FL_F (FL_PID | FL_CPU), \
     FL_V (THREAD, "thread"), FL_V_NONE, FL_V_NONE, "name", NULL, \
     "Thread {label} started") \
  X (THREAD_END,    16, "thread-end",    PROCESS, NONE,    FL_F (FL_PID | FL_CPU), \
     FL_V (THREAD, "thread"), FL_V_NONE, FL_V_NONE, "name", NULL, \
     "Thread {label} ended") \
  X (STATE,         14, "state",         STATE,   NONE,    FL_F (FL_PID | FL_PEER | FL_CPU | FL_OBJ), \
     FL_V (STATE, "state"), FL_V_NONE, FL_V_NONE, "words", NULL, \
     "{label?{Label}|Now {a}}") \
  X (SWITCH_IN,     20, "switch-in",     KERNEL,  BEGIN,   FL_F (FL_PID | FL_CPU), \
     FL_V_NONE, FL_V (THREAD, "thread"), FL_V_NONE, NULL, NULL, \
     "{b?Its thread {b} was put on CPU {cpu} by the kernel|Put on CPU {cpu} by the kernel}") \
  X (SWITCH_OUT,    21, "switch-out",    KERNEL,  END,     FL_F (FL_PID | FL_CPU), \
     FL_V (LEAVE, "why"), FL_V (THREAD, "thread"), FL_V_NONE, NULL, NULL, \
     "{b?Its thread {b} was taken off CPU {cpu}{a?: {a}|}|{a?Taken off CPU {cpu}: {a}|Taken off CPU {cpu} by the kernel}}") \
  X (DATA_LOST,     22, "data-lost",     KERNEL,  NONE,    FL_F (FL_CPU), \
     FL_V (INT, "records"), FL_V (NS, "span"), FL_V_NONE, NULL, NULL, \
     "The kernel dropped {a} context-switch records of CPU {cpu}: no data for {b}") \
  X (CPU_USAGE,     23, "cpu-usage",     KERNEL,  NONE,    FL_F (FL_CPU), \
     FL_V (NS, "other-programs"), FL_V (NS, "steal"), FL_V (NS, "span"), NULL, NULL, \
     "Other programs used CPU {cpu} for {a} of these {c}, a virtual machine's host (steal) for {b} (/proc/stat, 10 ms ticks)") \
  X (OBJECT_NEW,    30, "object",        OBJECT,  NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (OBJECT_KIND, "kind"), FL_V (INT, "size"), FL_V_NONE, "name", "initial", \
     "Created {label}") \
  X (QUEUE_PUT,     31, "queue-put",     QUEUE,   SEND,    FL_F (FL_PID | FL_CPU | FL_OBJ | FL_MSG), \
     FL_V (BOOL, "buffered"), FL_V_NONE, FL_V_NONE, "queue", "item", \
     "put() on {object}{a?: handed to its feeder thread, not yet in the pipe|}") \
  X (QUEUE_GET,     32, "queue-get",     QUEUE,   RECEIVE, FL_F (FL_PID | FL_CPU | FL_OBJ | FL_MSG), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "queue", "item", \
     "get() from {object}") \
  X (QUEUE_EMPTY,   33, "queue-empty",   QUEUE,   NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (BOOL, "empty"), FL_V_NONE, FL_V_NONE, "queue", NULL, \
     "empty() on {object} returned {a}") \
  X (PIPE_SEND,     34, "pipe-send",     PIPE,    SEND,    FL_F (FL_PID | FL_CPU | FL_OBJ | FL_MSG), \
     FL_V (INT, "end"), FL_V_NONE, FL_V_NONE, "pipe", "message", \
     "send() on end {a} of {object}") \
  X (PIPE_RECV,     35, "pipe-recv",     PIPE,    RECEIVE, FL_F (FL_PID | FL_CPU | FL_OBJ | FL_MSG), \
     FL_V (INT, "end"), FL_V_NONE, FL_V_NONE, "pipe", "message", \
     "recv() on end {a} of {object}") \
  X (PIPE_CLOSE,    36, "pipe-close",    PIPE,    NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "end"), FL_V_NONE, FL_V_NONE, "pipe", NULL, \
     "Closed end {a} of {object}") \
  X (PIPE_EOF,      37, "pipe-eof",      PIPE,    NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "end"), FL_V_NONE, FL_V_NONE, "pipe", NULL, \
     "recv() on end {a} of {object} saw the end of the pipe (EOF)") \
  X (PIPE_HOLD,     38, "pipe-hold",     PIPE,    NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "end"), FL_V (BOOL, "held"), FL_V_NONE, "pipe", NULL, \
     "{b?Holds|No longer holds} end {a} of {object}") \
  X (QUEUE_WRITTEN, 39, "queue-written", QUEUE,   NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ | FL_MSG), \
     FL_V_NONE, FL_V (THREAD, "thread"), FL_V_NONE, "queue", NULL, \
     "Its feeder thread {b} wrote the item into the pipe of {object}") \
  X (LOCK_WAIT,     40, "lock-wait",     LOCK,    BEGIN,   FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "lock", NULL, \
     "Waiting for {object}") \
  X (LOCK_ACQUIRE,  41, "lock-acquire",  LOCK,    MIDDLE,  FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (NS, "waited"), FL_V_NONE, FL_V_NONE, "lock", NULL, \
     "Acquired {object}") \
  X (LOCK_RELEASE,  42, "lock-release",  LOCK,    END,     FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "lock", NULL, \
     "Released {object}") \
  X (ARRAY_WRITE,   45, "array-write",   ARRAY,   END,     FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "cell"), FL_V (INT, "old"), FL_V (INT, "new"), "array", NULL, \
     "Wrote {object}[{a}]: {b} → {c}") \
  X (ARRAY_READ,    46, "array-read",    ARRAY,   BEGIN,   FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "cell"), FL_V (INT, "value"), FL_V_NONE, "array", NULL, \
     "Read {object}[{a}] = {b}") \
  X (TASK_DISPATCH, 50, "task-dispatch", POOL,    BEGIN,   FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "task"), FL_V (INT, "chunk"), FL_V (INT, "chunk-size"), "function", "argument", \
     "Task {a} sent to the pool (chunk {b})") \
  X (TASK_START,    51, "task-start",    POOL,    MIDDLE,  FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "task"), FL_V (INT, "chunk"), FL_V_NONE, "function", "argument", \
     "Started task {a} (chunk {b})") \
  X (TASK_FINISH,   52, "task-finish",   POOL,    END,     FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V (INT, "task"), FL_V (INT, "chunk"), FL_V_NONE, "function", "result", \
     "Finished task {a} (chunk {b})") \
  X (PRINT,         60, "print",         PRINT,   NONE,    FL_F (FL_PID | FL_CPU), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, NULL, "line", \
     "Printed a line (print())") \
  X (ERROR,         61, "error",         ERROR,   NONE,    FL_F (FL_PID | FL_CPU | FL_OBJ), \
     FL_V_NONE, FL_V_NONE, FL_V_NONE, "source", "message", \
     "Error") \
  X (SOURCE,        70, "source",        CODE,    NONE,    FL_F (FL_PID), \
     FL_V (INT, "offset"), FL_V (INT, "length"), FL_V_NONE, "file", "text", \
     "The program's source, bytes {a} on of {b}") \
  X (LINE,          71, "line",          CODE,    NONE,    FL_F (FL_PID | FL_CPU), \
     FL_V (INT, "line"), FL_V_NONE, FL_V_NONE, NULL, NULL, \
     "{a?At line {a} of the program|Left the program's own code (in a library)}")

#define FORKLINE_EV_ENUM_ENTRY(id, number, ...) FORKLINE_EV_##id = number,

typedef enum
{
  FORKLINE_EVENT_KINDS (FORKLINE_EV_ENUM_ENTRY)
} ForklineEventType;

/* Record types are below this on the wire as Forkline writes them; a
 * larger one is a newer writer's (skipped) or damage. */
#define FORKLINE_MAX_KNOWN_TYPE 255

typedef struct
{
  guint16            type;
  const char        *name;        /* "queue-put" */
  ForklineCategory   category;
  ForklineRole       role;
  guint              fields;      /* ForklineFields */
  ForklineValueSpec  a;
  ForklineValueSpec  b;
  ForklineValueSpec  c;
  const char        *label;       /* what label holds, NULL: unused */
  const char        *text;        /* what text holds, NULL: unused */
  const char        *words;
} ForklineEventKind;

/* The kind of a record type, NULL for one this build does not know. */
const ForklineEventKind *forkline_event_kind      (guint16 type);
/* Every kind, in the table's order. */
const ForklineEventKind *forkline_event_kinds     (guint  *n_kinds);
/* "queue-put"; NULL for an unknown type. */
const char              *forkline_event_type_name (guint16 type);
/* The kind called @name ("queue-put"), or NULL. */
const ForklineEventKind *forkline_event_kind_by_name (const char *name);

G_END_DECLS
