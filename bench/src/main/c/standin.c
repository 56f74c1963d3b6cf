/* A native stand-in VM for the boot-storm benchmark: the same stdout protocol as dev.baton.standin.StandInVm
 * ("THREAD tid name" per thread, then "READY pid"; exits when stdin closes), without a JVM per VM, so 200 of
 * them fit on a small machine. Usage: standin VCPUS */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t named = PTHREAD_COND_INITIALIZER;
static int remaining;

static void *thread_main(void *arg) {
    char *name = arg;
    prctl(PR_SET_NAME, name, 0, 0, 0);
    pthread_mutex_lock(&lock);
    printf("THREAD %d %s\n", gettid(), name);
    fflush(stdout);
    remaining--;
    pthread_cond_signal(&named);
    pthread_mutex_unlock(&lock);
    for (;;) {
        pause();
    }
    return NULL;
}

int main(int argc, char **argv) {
    int vcpus = argc > 1 ? atoi(argv[1]) : 8;
    const char *extra[] = {"kvm-pit/42", "IO mon_iothread", "worker", "vhost-4242"};
    int total = vcpus + 4;
    remaining = total;
    for (int i = 0; i < total; i++) {
        char *name = malloc(16);
        if (i < vcpus) {
            snprintf(name, 16, "CPU %d/KVM", i);
        } else {
            snprintf(name, 16, "%s", extra[i - vcpus]);
        }
        pthread_t thread;
        pthread_create(&thread, NULL, thread_main, name);
    }
    pthread_mutex_lock(&lock);
    while (remaining > 0) {
        pthread_cond_wait(&named, &lock);
    }
    printf("READY %d\n", getpid());
    fflush(stdout);
    pthread_mutex_unlock(&lock);
    char buffer[64];
    while (read(0, buffer, sizeof buffer) > 0) {
    }
    return 0;
}
