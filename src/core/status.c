/* status.c - messages for the status codes the core returns. */
#include "reflect/status.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const messages[] = {
#define RF_STATUS_MSG(name, msg) msg,
	RF_STATUS_LIST(RF_STATUS_MSG)
#undef RF_STATUS_MSG
};

static const char *const names[] = {
#define RF_STATUS_NAME(name, msg) #name,
	RF_STATUS_LIST(RF_STATUS_NAME)
#undef RF_STATUS_NAME
};

const char *rf_status_message(rf_status st)
{
	if ((unsigned)st >= RF_STATUS_COUNT)
		return N_("unknown error");
	return messages[st];
}

const char *rf_status_name(rf_status st)
{
	if ((unsigned)st >= RF_STATUS_COUNT)
		return "RF_ERR_UNKNOWN";
	return names[st];
}

rf_status rf_fail(rf_detail *d, rf_status st, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return st;
	d->line = line;
	d->column = column;
	va_start(ap, fmt);
	vsnprintf(d->text, sizeof d->text, fmt, ap);
	va_end(ap);
	return st;
}
