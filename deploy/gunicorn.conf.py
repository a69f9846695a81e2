"""gunicorn settings of an app node (kim-gunicorn@.service passes --bind 127.0.0.1:<port>).

Sync workers by default; GUNICORN_THREADS above 1 switches to threaded workers (gthread), which
suit nodes with fewer cores. A HUP replaces the workers one generation at a time without
dropping a request (what `systemctl reload kim-gunicorn@8001` does).
"""

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = 60
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows for weeks.
max_requests = 5000
max_requests_jitter = 500
# nginx on the same machine is the only client; it sets X-Forwarded-Proto and -For.
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
