"""Forum pages. Objects come from ``forums.selectors`` (404 when invisible),
rights from ``forums.permissions`` (403 for a visible object), writes from
``forums.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core import fragments, uploads
from notifications import api as notifications_api

from . import permissions, selectors, services, thread_html
from .forms import EditForm, MoveForm, PostForm, SubscriptionsForm, ThreadForm
from .models import Attachment, ModerationAction
from .richtext import sanitise


def _forum_or_404(user, forum_id):
    forum = selectors.forum_for(user, forum_id)
    if forum is None:
        raise Http404
    return forum


def _thread_or_404(user, thread_id):
    thread = selectors.thread_for(user, thread_id)
    if thread is None:
        raise Http404
    return thread


def _post_or_404(user, post_id):
    post = get_object_or_404(selectors.posts_visible_to(user).select_related("author"), pk=post_id)
    post.thread = _thread_or_404(user, post.thread_id)
    return post


def _forbidden(request, message, back):
    """A visible object, a forbidden action: 403 with a French explanation."""
    return render(request, "forums/forbidden.html", {"message": message, "back": back}, status=403)


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def index(request):
    forums = selectors.forum_index(request.user)
    return render(request, "forums/index.html", {"forums": forums})


def forum_detail(request, forum_id):
    forum = _forum_or_404(request.user, forum_id)
    page = Paginator(
        selectors.threads_of(request.user, forum), selectors.THREADS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/forum.html",
        {
            "forum": forum,
            "page": page,
            "threads": selectors.with_unread(request.user, page.object_list, forum),
            "can_start": permissions.can_start_thread(request.user, forum),
        },
    )


@require_POST
def forum_mark_read(request, forum_id):
    forum = _forum_or_404(request.user, forum_id)
    services.forum_mark_read(actor=request.user, forum=forum)
    messages.success(request, _("Every message of this forum is marked as read."))
    return redirect(forum)


@require_http_methods(["GET", "POST"])
def thread_create(request, forum_id):
    forum = _forum_or_404(request.user, forum_id)
    if not permissions.can_start_thread(request.user, forum):
        return _forbidden(request, _("You cannot start a thread in this forum."), forum)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                actor=request.user,
                forum=forum,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your thread is published."))
            return redirect(thread)
    return render(request, "forums/thread_form.html", {"forum": forum, "form": form})


def thread_detail(request, thread_id):
    user = request.user
    thread = _thread_or_404(user, thread_id)
    forum = thread.forum
    if forum.is_announcements:
        notifications_api.mark_read(user=user, target=f"forums.thread:{thread.pk}")
    is_moderator = permissions.can_moderate(user, forum)
    can_reply = permissions.can_reply(user, thread)
    number = _page_number(request.GET.get("page"), thread.post_count)
    # The messages of a page are one fragment shared by every reader with
    # the same rights (core/fragments.py), renewed by any change to the
    # thread's messages. Moderators' copy holds their forms (CSRF); an
    # author may edit their message for 30 minutes, so whoever posted in
    # that window gets their own copy.
    own_recent = not is_moderator and can_reply and thread.has_own_recent_post
    messages_page = fragments.cached_value(
        "forums.thread",
        [f"forum-thread:{thread.pk}", fragments.CONTENT],
        lambda: _thread_page(request, thread, number, is_moderator, can_reply),
        vary=[
            thread.pk,
            number,
            is_moderator,
            can_reply,
            user.pk if own_recent else 0,
            fragments.csrf_variant(request) if is_moderator else "",
        ],
    )
    if messages_page["up_to"] is not None:
        services.thread_mark_read(user=user, thread=thread, up_to=messages_page["up_to"])
    return render(
        request,
        "forums/thread.html",
        {
            "forum": forum,
            "thread": thread,
            "messages_html": mark_safe(messages_page["html"]),  # noqa: S308 - our template
            "is_moderator": is_moderator,
            "can_reply": can_reply,
            "reply_fields": _reply_fields() if can_reply else None,
        },
    )


_REPLY_FIELDS: dict[str, SafeString] = {}


def _reply_fields() -> SafeString:
    """The empty reply form's fields. They are the same for everyone (the
    CSRF token is written by thread.html) and depend on the code and the
    language only: rendered once per process and language, not per request
    nor per first visit."""
    language = get_language()
    if language not in _REPLY_FIELDS:
        html = render_to_string("forums/_form_fields.html", {"form": PostForm()})
        _REPLY_FIELDS[language] = mark_safe(html)  # noqa: S308 - our template
    return _REPLY_FIELDS[language]


def _page_number(raw, post_count: int) -> int:
    """The page asked for, as ``Paginator.get_page`` reads it (not a
    number: the first; past the end: the last)."""
    last = max(1, -(-post_count // selectors.POSTS_PER_PAGE))
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last) if number >= 1 else last


def _thread_page(request, thread, number, is_moderator, can_reply) -> dict:
    """The HTML of page ``number``'s messages (forums.thread_html) and its
    pages' links, and the date of its last message (the read mark)."""
    page, posts = selectors.posts_page(thread, number)
    user = request.user
    # Rendered without the request: the fragment needs none of the context
    # processors (menus, messages) that the page around it runs anyway, only
    # the CSRF token of the moderators' forms (the cache key varies on it).
    reader = thread_html.Reader(
        is_moderator=is_moderator,
        can_reply=can_reply,
        reply_url=thread_html.url("forums:reply", thread.pk),
        csrf_input=thread_html.csrf_input(get_token(request)) if is_moderator else "",
        labels=thread_html.Labels.now(),
    )
    articles = [
        thread_html.article(post, permissions.can_edit_post(user, post), reader) for post in posts
    ]
    pages = render_to_string("forums/_pagination.html", {"page": page})
    html = f"{''.join(articles)}\n{pages}\n"
    return {"html": html, "up_to": posts[-1].created_at if posts else None}


def thread_first_unread(request, thread_id):
    thread = _thread_or_404(request.user, thread_id)
    post = selectors.first_unread_post(request.user, thread)
    if post is None:
        last = thread.posts.order_by("-created_at", "-pk").first()
        if last is None:
            return redirect(thread)
        post = last
    return _redirect_to_post(post)


def _redirect_to_post(post):
    page = selectors.post_position(post) // selectors.POSTS_PER_PAGE + 1
    url = reverse("forums:thread", kwargs={"thread_id": post.thread_id})
    return redirect(f"{url}?page={page}#message-{post.pk}")


def post_detail(request, post_id):
    post = get_object_or_404(selectors.posts_visible_to(request.user), pk=post_id)
    return _redirect_to_post(post)


@require_http_methods(["GET", "POST"])
def reply(request, thread_id):
    thread = _thread_or_404(request.user, thread_id)
    if not permissions.can_reply(request.user, thread):
        if thread.is_locked:
            return _forbidden(request, _("This thread is locked: no new reply."), thread)
        return _forbidden(request, _("You cannot reply in this thread."), thread)
    quote_id = request.POST.get("quote") or request.GET.get("citer")
    quoted = None
    if quote_id and str(quote_id).isdigit():
        quoted = thread.posts.filter(pk=quote_id, is_hidden=False).select_related("author").first()
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial={"quote": quoted.pk if quoted else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                actor=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                quoted=quoted,
                files=form.cleaned_data["attachments"],
            )
        except PermissionDenied as exc:
            return _forbidden(request, str(exc), thread)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your reply is published."))
            return _redirect_to_post(post)
    return render(
        request,
        "forums/reply.html",
        {"forum": thread.forum, "thread": thread, "form": form, "quoted": quoted},
    )


@require_http_methods(["GET", "POST"])
def post_edit(request, post_id):
    post = _post_or_404(request.user, post_id)
    if not permissions.can_edit_post(request.user, post):
        return _forbidden(
            request,
            _("This message can no longer be edited: authors have 30 minutes."),
            post.thread,
        )
    # Plain paragraphs are edited as the text the author typed, not as HTML.
    plain = sanitise(post.body_text) == post.body
    form = EditForm(request.POST or None, initial={"body": post.body_text if plain else post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(actor=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The message is updated."))
            return _redirect_to_post(post)
    return render(
        request,
        "forums/post_edit.html",
        {"forum": post.thread.forum, "thread": post.thread, "post": post, "form": form},
    )


@require_POST
def post_hide(request, post_id):
    post = _post_or_404(request.user, post_id)
    if not permissions.can_moderate(request.user, post.thread.forum):
        raise PermissionDenied
    hidden = request.POST.get("hidden") == "1"
    services.post_set_hidden(actor=request.user, post=post, hidden=hidden)
    messages.success(
        request, _("The message is hidden.") if hidden else _("The message is shown again.")
    )
    return _redirect_to_post(post)


@require_POST
def thread_moderate(request, thread_id):
    thread = _thread_or_404(request.user, thread_id)
    if not permissions.can_moderate(request.user, thread.forum):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in {"lock", "unlock", "pin", "unpin"}:
        messages.error(request, _("Unknown moderation action."))
        return redirect(thread)
    services.thread_moderate(actor=request.user, thread=thread, action=action)
    labels = dict(ModerationAction.Action.choices)
    messages.success(request, _("Done: %(action)s.") % {"action": labels[action]})
    return redirect(thread)


@require_http_methods(["GET", "POST"])
def thread_move(request, thread_id):
    thread = _thread_or_404(request.user, thread_id)
    if not permissions.can_moderate(request.user, thread.forum):
        raise PermissionDenied
    targets = selectors.forums_moderated_by(request.user).exclude(pk=thread.forum_id)
    form = MoveForm(request.POST or None, forums=targets.order_by("title"))
    if request.method == "POST" and form.is_valid():
        services.thread_move(actor=request.user, thread=thread, forum=form.cleaned_data["forum"])
        messages.success(request, _("The thread is moved."))
        return redirect(thread)
    return render(
        request, "forums/thread_move.html", {"forum": thread.forum, "thread": thread, "form": form}
    )


def attachment_download(request, attachment_id):
    attachment = get_object_or_404(
        Attachment.objects.select_related("post"),
        pk=attachment_id,
        post__in=selectors.posts_visible_to(request.user).values("pk"),
    )
    if attachment.post.is_hidden:
        thread = _thread_or_404(request.user, attachment.post.thread_id)
        if not permissions.can_moderate(request.user, thread.forum):
            raise Http404
    return uploads.file_response(
        attachment.file.name,
        filename=attachment.name,
        content_type=attachment.content_type,
        request=request,
    )


@require_http_methods(["GET", "POST"])
def subscriptions(request):
    rows = selectors.subscriptions_of(request.user)
    form = SubscriptionsForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            for forum, subscription in rows:
                mode = form.cleaned_data[f"forum_{forum.pk}"]
                if subscription is None and mode == "none":
                    continue
                if subscription is None or subscription.mode != mode:
                    services.subscription_set_mode(actor=request.user, forum=forum, mode=mode)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your email preferences are saved."))
            return redirect("forums:subscriptions")
    return render(request, "forums/subscriptions.html", {"form": form})


@login_not_required
@csrf_exempt  # RFC 8058: mail clients POST without a session or a CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        services.read_unsubscribe_token(token)
    except ValidationError:
        return render(request, "forums/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        forums = services.unsubscribe_with_token(token=token)
        return render(request, "forums/unsubscribe_done.html", {"forums": forums})
    return render(request, "forums/unsubscribe_confirm.html", {"token": token})


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        posts = selectors.posts_visible_to(request.user).filter(is_hidden=False)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = SearchVector("thread__title", weight="A", config="french") + SearchVector(
                "body_text", weight="B", config="french"
            )
            search_query = SearchQuery(query, config="french", search_type="websearch")
            posts = (
                posts.annotate(rank=SearchRank(vector, search_query))
                .filter(rank__gt=0)
                .order_by("-rank", "-created_at")
            )
        else:
            posts = posts.filter(
                Q(body_text__icontains=query) | Q(thread__title__icontains=query)
            ).order_by("-created_at")
        results = list(posts.select_related("thread__forum", "author")[:50])
    return render(request, "forums/search.html", {"query": query, "results": results})
