// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the test guest: mount the pseudo filesystems, run the suite
 * named on the kernel command line (suite=NAME), then power off so that
 * QEMU exits. The suite itself writes TAP to the second serial port.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void mount_or_warn(const char *src, const char *dst, const char *type)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, 0, NULL) && errno != EBUSY)
		fprintf(stderr, "init: mount %s on %s: %s\n", type, dst,
			strerror(errno));
}

int main(void)
{
	const char *suite = getenv("suite");
	pid_t pid;
	int status = 0;

	mount_or_warn("proc", "/proc", "proc");
	mount_or_warn("sysfs", "/sys", "sysfs");
	mount_or_warn("devtmpfs", "/dev", "devtmpfs");
	mount_or_warn("tmpfs", "/tmp", "tmpfs");
	mount_or_warn("tracefs", "/sys/kernel/tracing", "tracefs");
	mount_or_warn("debugfs", "/sys/kernel/debug", "debugfs");
	setenv("PATH", "/bin:/sbin:/usr/bin", 1);

	if (!suite)
		suite = "smoke";
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "/etc/iosup/run", suite, (char *)NULL);
		perror("init: exec /bin/sh");
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	else
		perror("init: fork");
	fprintf(stderr, "init: suite %s finished with status %d\n", suite,
		WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
