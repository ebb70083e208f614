"""Login and logout.

The login form's user name and password are tried on every case of the workspace: the
user is logged in to each case where they are a member with that password
(:meth:`tnoc.service.CaseService.login`, which audits every attempt, a failed one as
denied). One message for every failure, so a guesser learns nothing. Failed logins are
limited per user name and on the whole workspace (:class:`tnoc.web.sessions.
LoginThrottle`): a refused attempt's password is not checked, and the refusal is
audited as a denied login in every case, with its reason.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from tnoc.errors import TnocError
from tnoc.web.app import LOGIN_CSRF, _sessions, _workspace, current_login, render
from tnoc.web.sessions import COOKIE, IDLE_SECONDS, Login, LoginThrottle

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    return RedirectResponse("/cases" if current_login(request) else "/login",
                            status_code=303)


def _login_page(request: Request, message: str | None = None, status: int = 200) -> Response:
    token = secrets.token_urlsafe(32)
    page = render(request, "login.html", status_code=status, login_csrf=token,
                  message=message)
    page.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", path="/login")
    return page


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login(request: Request, user: Annotated[str, Form()],
          password: Annotated[str, Form()]) -> Response:
    workspace = _workspace(request)
    found = Login(user.strip())
    throttle: LoginThrottle = request.app.state.throttle
    refusal = throttle.refusal(found.user)
    if refusal is not None:
        for entry in workspace.cases():
            with workspace.serial(entry.case_id):
                try:
                    service = workspace.service(entry.case_id, found.user, None)
                    with service.case.hold():
                        service.login_refused(refusal)
                except TnocError:
                    continue
        return _login_page(request, refusal[0].upper() + refusal[1:] + ".", status=429)
    for entry in workspace.cases():
        with workspace.serial(entry.case_id):
            try:
                service = workspace.service(entry.case_id, found.user, None)
                with service.case.hold():
                    member = service.login(password)
            except TnocError:
                continue
        found.cases.add(entry.case_id)
        found.roles[entry.case_id] = member.role.value
    if not found.cases:
        throttle.failed(found.user)
        return _login_page(request, "Wrong user name or password.", status=401)
    throttle.succeeded(found.user)
    sessions = _sessions(request)
    sessions.end(request.cookies.get(COOKIE))  # never keep a token from before the login
    token = sessions.start(found)
    response = RedirectResponse("/cases", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        max_age=IDLE_SECONDS, path="/")
    response.delete_cookie(LOGIN_CSRF, path="/login")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    _sessions(request).end(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
