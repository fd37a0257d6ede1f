/* schema.h - the SQL migrations embedded from the schema directory at build time. */
#ifndef REFLECT_SCHEMA_H
#define REFLECT_SCHEMA_H

#include <stddef.h>

struct schema_migration {
	const char *name; /* file name, e.g. "001_init.sql"; its number is its version */
	const char *sql;
};

extern const struct schema_migration schema_migrations[];
extern const size_t schema_migration_count;

#endif
