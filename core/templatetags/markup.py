from django import template

from core.markup import markdown_to_html, safe

register = template.Library()


@register.filter(is_safe=True)
def markdown(value):
    """``{{ flatpage.content|markdown }}``: Markdown as sanitised HTML (core.markup)."""
    return markdown_to_html(str(value or ""))


@register.filter(is_safe=True)
def clean(value, policy="content"):
    """``{{ post.body|clean:"forum" }}``: stored rich text cleaned again when
    shown, with the policy it was saved with (core.markup.POLICIES)."""
    return safe(str(value or ""), policy)
