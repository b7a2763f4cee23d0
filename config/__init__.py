# Load the Celery app with Django so that tasks use it (Celery's documented pattern).
from config.celery import app as celery_app

__all__ = ["celery_app"]
