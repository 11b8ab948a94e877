from django import template

from core.markup import markdown_to_html

register = template.Library()


@register.filter(is_safe=True)
def markdown(value):
    """``{{ flatpage.content|markdown }}``: Markdown as sanitised HTML (core.markup)."""
    return markdown_to_html(str(value or ""))
