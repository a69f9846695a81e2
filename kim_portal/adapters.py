from allauth.account.adapter import DefaultAccountAdapter

from kim_portal.mail import enqueue_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Render now, in the request's language; deliver through the task queue.
        msg = self.render_mail(template_prefix, email, {"email": email, **context})
        enqueue_mail(subject=msg.subject, body=msg.body, recipients=msg.to)
