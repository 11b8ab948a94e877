"""``python -m tests.celery_worker_main worker ...``: Celery's command line
for the tests' prefork workers, with the pool's supervisor run every
``SUPERVISOR_SECONDS`` instead of every 5 s.

The supervisor (``AsynPool.maintain_pool``) is what marks the task of a
killed pool process lost (``WorkerLostError``: the message goes back to the
queue, ``reject_on_worker_lost``) and starts a new process. Celery also runs
it when a process' sentinel becomes readable, but a respawned process is
often missed there (its duplicated sentinel reuses the number of the one
just closed), so a kill waited up to 5 s for the timer: 20 kills cost about
90 s. Only the waiting changes: the same loss, redelivery and respawn."""

import sys

SUPERVISOR_SECONDS = 0.1


def main() -> None:
    from celery.__main__ import main as celery_main
    from celery.concurrency import asynpool

    asynpool.AsynPool.timers = property(lambda self: {self.maintain_pool: SUPERVISOR_SECONDS})
    sys.argv[0] = "celery"
    sys.exit(celery_main())


if __name__ == "__main__":
    main()
