from django import template

from news.forms import CommentForm

register = template.Library()


@register.simple_tag
def empty_comment_form(user) -> CommentForm:
    """The comment form under an article, shaped for the reader (signed in or not)."""
    return CommentForm(user=user)
