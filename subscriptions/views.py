import json

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from subscriptions import services
from subscriptions.forms import FrequencyForm, SubscribeForm, resolve_target
from subscriptions.models import TARGETS, Subscription


def _initial_target(request: HttpRequest) -> str:
    """`/langganan/?kelurahan=ledok` (links from KIM and news pages) preselects the target."""
    for kind in TARGETS:
        if slug := request.GET.get(kind):
            if resolve_target(f"{kind}:{slug}"):
                return f"{kind}:{slug}"
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    initial = {"target": _initial_target(request)}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ip_address = get_account_adapter().get_client_ip(request)
        if services.subscribe_rate_exceeded(ip_address):
            form.add_error(
                None, _("Too many subscriptions from here in a short time. Try again in an hour.")
            )
        else:
            kind, target = form.cleaned_data["target"]
            try:
                subscription = services.subscription_create(
                    email=form.cleaned_data["email"],
                    target_kind=kind,
                    target=target,
                    frequency=form.cleaned_data["frequency"],
                    language=get_language(),
                    user=request.user,
                )
            except services.SubscriptionRefused as refusal:
                form.add_error("email", str(refusal))
            else:
                if subscription.status == Subscription.Status.ACTIVE:
                    messages.success(
                        request,
                        _("Subscribed: news of %(target)s will come to %(email)s.")
                        % {"target": target, "email": subscription.email},
                    )
                    return redirect("subscriptions:mine")
                return redirect("subscriptions:sent")
    context = {
        "form": form,
        "vapid_public_key": settings.VAPID_PUBLIC_KEY if services.push_is_configured() else "",
    }
    return render(request, "subscriptions/subscribe.html", context)


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that follow links confirm nothing."""
    subscription = get_object_or_404(
        Subscription.objects.exclude(status=Subscription.Status.UNSUBSCRIBED), token=token
    )
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        return render(request, "subscriptions/confirmed.html", {"subscription": subscription})
    return render(request, "subscriptions/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058: mail clients POST here without a form; the token is the permission
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str, whole_digest: bool = False) -> HttpResponse:
    """The visible link shows a button (GET); a POST, from it or a one-click client, stops it,
    or with `whole_digest` every subscription whose news comes in the same mail."""
    subscription = get_object_or_404(Subscription, token=token)
    stopping = (
        list(services.digest_companions(subscription).select_related(*TARGETS))
        if whole_digest
        else []
    ) or [subscription]
    context = {
        "subscriptions": stopping,
        "targets": services.targets_text(stopping),
        "email": subscription.email,
    }
    if request.method == "POST":
        for each in stopping:
            services.subscription_unsubscribe(subscription=each)
        return render(request, "subscriptions/unsubscribed.html", context)
    return render(request, "subscriptions/unsubscribe.html", context)


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    subscriptions = Subscription.objects.for_user(request.user).select_related(
        "kelurahan", "kecamatan", "kim", "category"
    )
    return render(
        request,
        "subscriptions/subscription_mine.html",
        {"subscriptions": subscriptions, "frequencies": Subscription.Frequency.choices},
    )


@login_required
@require_POST
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Change how often, or stop, one of the member's own subscriptions (others: 404)."""
    subscription = get_object_or_404(Subscription.objects.for_user(request.user), pk=pk)
    if request.POST.get("action") == "unsubscribe":
        services.subscription_unsubscribe(subscription=subscription)
        messages.success(
            request, _("Unsubscribed from %(target)s.") % {"target": subscription.target}
        )
        return redirect("subscriptions:mine")
    form = FrequencyForm(request.POST)
    if form.is_valid():
        services.subscription_change_frequency(
            subscription=subscription, frequency=form.cleaned_data["frequency"]
        )
        messages.success(
            request,
            _("Saved: %(target)s, %(frequency)s.")
            % {
                "target": subscription.target,
                "frequency": subscription.get_frequency_display().lower(),
            },
        )
    else:
        messages.error(request, _("Choose daily or weekly."))
    return redirect("subscriptions:mine")


def _push_data(request: HttpRequest) -> dict | None:
    if request.content_type != "application/json":
        # The browser's script always sends JSON; a form post (whose body the middleware has
        # already read) is not a subscription.
        return None
    try:
        data = json.loads(request.body)
        return data if isinstance(data, dict) else None
    except ValueError:
        return None


@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    """The browser's PushSubscription (JSON) and the target chosen on the subscribe page."""
    if not services.push_is_configured():
        return JsonResponse({"error": _("Browser notifications are not available.")}, status=404)
    data = _push_data(request) or {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint, p256dh, auth = data.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    target = resolve_target(data.get("target") or "")
    valid = all(isinstance(v, str) and 0 < len(v) <= 1000 for v in (endpoint, p256dh, auth))
    if not valid or not endpoint.startswith("https://") or target is None:
        return JsonResponse({"error": _("Choose what you want to follow first.")}, status=400)
    services.push_subscribe(
        endpoint=endpoint,
        p256dh=p256dh,
        auth=auth,
        target_kind=target[0],
        target=target[1],
        language=get_language(),
        user=request.user,
    )
    return JsonResponse(
        {"message": _("This browser will show news of %(target)s.") % {"target": target[1]}}
    )


@require_POST
def push_unsubscribe(request: HttpRequest) -> JsonResponse:
    endpoint = (_push_data(request) or {}).get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return JsonResponse({"error": _("No subscription given.")}, status=400)
    services.push_unsubscribe(endpoint=endpoint)
    return JsonResponse({"message": _("This browser will show no more notifications.")})


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The push service worker, served under /langganan/ so that it takes only that scope."""
    response = render(request, "subscriptions/push_sw.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
