#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <poll.h>

/* PG_DIAG_* are character macros that Swift does not import. */
static inline int clibpq_diag_sqlstate(void) { return 'C'; }
static inline int clibpq_diag_message_primary(void) { return 'M'; }
static inline int clibpq_diag_message_detail(void) { return 'D'; }
static inline int clibpq_diag_constraint_name(void) { return 'n'; }
static inline int clibpq_diag_table_name(void) { return 't'; }
static inline int clibpq_diag_column_name(void) { return 'c'; }
#endif
