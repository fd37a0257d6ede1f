/* status.h - the one status type every fallible core function returns, with its messages. */
#ifndef REFLECT_STATUS_H
#define REFLECT_STATUS_H

/* Marks a message for translation (po/); it is translated where it is shown (see i18n.h). */
#ifndef N_
#define N_(s) s
#endif

/* X(name, message): the message says what happened and, where it helps, what to do. */
#define RF_STATUS_LIST(X)                                                                    \
	X(RF_OK, N_("done"))                                                                     \
	X(RF_ERR_NOMEM, N_("reflect ran out of memory; close other programs and try again"))     \
	X(RF_ERR_IO, N_("the journal file could not be read or written"))                        \
	X(RF_ERR_FULL, N_("the disk is full; free some space and try again"))                    \
	X(RF_ERR_BUSY, N_("the journal is busy: another reflect is using it; try again in a moment")) \
	X(RF_ERR_PASSPHRASE, N_("that passphrase does not open this journal"))                   \
	X(RF_ERR_DAMAGED, N_("part of the journal is damaged or was altered"))                   \
	X(RF_ERR_NOT_FOUND, N_("there is no such entry"))                                        \
	X(RF_ERR_EXISTS, N_("a journal already exists there"))                                  \
	X(RF_ERR_NO_JOURNAL, N_("there is no journal there yet; create one with 'reflect init'"))   \
	X(RF_ERR_NOT_JOURNAL, N_("that file is not a reflect journal"))                          \
	X(RF_ERR_TOO_NEW, N_("this journal was written by a newer reflect; update reflect to open it")) \
	X(RF_ERR_KDF_PARAMS, N_("the journal's key settings are out of range; the file may have been altered")) \
	X(RF_ERR_PARSE, N_("the input could not be read"))                                       \
	X(RF_ERR_INVALID, N_("a value is not valid"))                                            \
	X(RF_ERR_TOO_BIG, N_("the input is larger than reflect accepts"))                       \
	X(RF_ERR_CRYPTO, N_("the cryptography library could not start"))                        \
	X(RF_ERR_REJECTED, N_("the file was refused"))                                           \
	X(RF_ERR_CANCELLED, N_("nothing was changed"))                                          \
	X(RF_ERR_FAMILY_CODE, N_("the family code holds a name, or a word that may be one; a family code must be a code such as F-03 (names stay out of it; if a word is not a name, 'reflect identifiers allow WORD')"))

typedef enum rf_status {
#define RF_STATUS_ENUM(name, msg) name,
	RF_STATUS_LIST(RF_STATUS_ENUM)
#undef RF_STATUS_ENUM
	RF_STATUS_COUNT
} rf_status;

/* The message for a status: a static string, never NULL, in English; show it translated,
 * as _(rf_status_message(st)). */
const char *rf_status_message(rf_status st);

/* The status's name ("RF_ERR_BUSY"), for tests and diagnostics. */
const char *rf_status_name(rf_status st);

/* A detail to go with a status, for parsers: where the input went wrong. */
typedef struct rf_detail {
	int line;       /* 1-based, 0 when unknown */
	int column;     /* 1-based, 0 when unknown */
	char text[200]; /* what was wrong, in words; never holds a secret */
} rf_detail;

/* Fill a detail (NULL is ignored) and return st, for one-line error exits. */
rf_status rf_fail(rf_detail *d, rf_status st, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

#endif
