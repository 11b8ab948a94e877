"""``python -m tests.celery_worker_main worker ...``: Celery's command line
for the tests' prefork workers, with the pool's supervisor run every
``SUPERVISOR_SECONDS`` instead of every 5 s.

The supervisor (``AsynPool.maintain_pool``) is what marks the task of a
killed pool process lost (``WorkerLostError``: the message goes back to the
queue, ``reject_on_worker_lost``) and starts a new process. Celery also runs
it when a process' sentinel becomes readable, but with Celery 5.7 most
kills of a respawned process were only noticed by the 5 s timer (the worker
log shows the WorkerLostError about 4.7 s after the kill): 20 kills cost
about 90 s. Only the waiting changes: the same loss, redelivery and respawn."""

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
