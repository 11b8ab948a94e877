from django.db import models


class Fortune(models.Model):
    """The TechEmpower "fortunes" table: a dozen short messages."""

    message = models.CharField(max_length=2048)

    def __str__(self):
        return self.message
