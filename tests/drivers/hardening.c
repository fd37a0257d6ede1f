/* hardening.c - a test driver: what rcrypto_init leaves in force, as one line for
 * tests/cli/leaks.sh ("dumpable 0 core 0 umask 077"). */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "reflect/crypto.h"

int main(void)
{
	struct rlimit core = {0};
	mode_t mask;

	if (rcrypto_init() != RF_OK)
		return 1;
	mask = umask(0);
	umask(mask);
	getrlimit(RLIMIT_CORE, &core);
	printf("dumpable %d core %llu/%llu umask %03o\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0),
	       (unsigned long long)core.rlim_cur, (unsigned long long)core.rlim_max,
	       (unsigned)mask);
	return 0;
}
