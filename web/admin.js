// Folio's moderation desk (/admin). The page is the server's; this script
// signs in, lists comments and acts on them through the moderation API.
// The admin token lives in sessionStorage only (this tab, until it closes
// or the moderator signs out) and travels only in the Authorization header.
// Comment text is shown with textContent: nothing from a comment becomes
// markup here.
"use strict";

(() => {
  const L = window.folioI18n; // the desk's words in the moderator's language (web/i18n.js)
  const KEY = "folio.desk.token";
  const PAGE = 25;
  const $ = (id) => document.getElementById(id);
  const state = { tab: "pending", next: "" };

  const token = () => sessionStorage.getItem(KEY) || "";

  // api calls the moderation API with the token; it resolves to the JSON
  // answer, or rejects with the server's reason. A 401 signs out.
  async function api(method, path, body) {
    const init = { method, headers: { Authorization: "Bearer " + token() }, cache: "no-store" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (err) {
      throw new Error(L.t("The server cannot be reached."));
    }
    const data = await res.json().catch(() => ({}));
    if (res.status === 401) {
      signOut(L.t("That token was not accepted. Sign in again."));
    }
    if (!res.ok) throw new Error(data.error || L.f("Status %d", res.status));
    return data;
  }

  function show(signedIn) {
    $("desk-signin").hidden = signedIn;
    $("desk-main").hidden = !signedIn;
  }

  function signOut(reason) {
    sessionStorage.removeItem(KEY);
    show(false);
    const err = $("desk-signin-error");
    err.textContent = reason || "";
    err.hidden = !reason;
  }

  async function signIn(value) {
    sessionStorage.setItem(KEY, value.trim());
    try {
      await api("GET", "/api/admin/comments?status=pending&limit=1");
    } catch (err) {
      if (token()) signOut(err.message); // 401 signed out already, with its reason
      return;
    }
    $("desk-token").value = "";
    $("desk-signin-error").hidden = true;
    show(true);
    load(true);
    loadBlocks();
  }

  function status(text) {
    $("desk-status").textContent = text;
  }

  // load reads the first page of the current tab (fresh) or the next one.
  async function load(fresh) {
    const q = "?limit=" + PAGE + "&status=" + encodeURIComponent(state.tab) +
      (fresh ? "" : "&cursor=" + encodeURIComponent(state.next));
    if (fresh) $("desk-list").replaceChildren();
    status(L.t("Loading…"));
    let page;
    try {
      page = await api("GET", "/api/admin/comments" + q);
    } catch (err) {
      status(L.f("Could not load comments: %s", err.message));
      return;
    }
    for (const c of page.comments) $("desk-list").append(item(c));
    state.next = page.next || "";
    $("desk-more").hidden = !state.next;
    const n = page.total;
    status({
      pending: n ? L.n(n, "%d comment waiting for approval.", "%d comments waiting for approval.") : L.t("No comments waiting for approval."),
      "": n ? L.n(n, "%d comment in all.", "%d comments in all.") : L.t("No comments in all."),
      hidden: n ? L.n(n, "%d comment hidden.", "%d comments hidden.") : L.t("No comments hidden."),
    }[state.tab]);
    if (state.tab === "pending") $("desk-pending-count").textContent = "(" + page.total + ")";
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function button(label, action, id, cls) {
    const b = el("button", cls || "link-button", label);
    b.type = "button";
    b.dataset.deskAction = action;
    b.dataset.id = id;
    return b;
  }

  // item is one comment of the list, with what may be done to it.
  function item(c) {
    const li = el("li", "desk-item desk-item-" + c.status);
    li.id = "desk-c-" + c.id;
    li.dataset.id = c.id;
    li.dataset.author = c.author;
    const meta = el("div", "desk-meta");
    meta.append(el("span", "comment-author", c.status === "deleted" ? L.t("Removed") : c.author), L.t(" on "));
    const link = el("a", "desk-article", c.title || c.article);
    link.href = "/a/" + encodeURIComponent(c.article) + "#c-" + encodeURIComponent(c.id);
    meta.append(link);
    const when = el("time", "", L.dateTime(new Date(c.created)));
    when.dateTime = c.created;
    meta.append(" ", when);
    if (c.status !== "published") meta.append(" ", el("span", "badge badge-" + c.status, statusName[c.status] || c.status));
    if (c.pinned) meta.append(" ", el("span", "badge badge-pinned", L.t("pinned")));
    li.append(meta, el("p", "desk-body", c.status === "deleted" ? L.t("This comment was removed.") : c.body));
    const acts = el("div", "desk-actions");
    switch (c.status) {
      case "pending":
        acts.append(button(L.t("Approve"), "approve", c.id, "button"), button(L.t("Reject"), "reject", c.id));
        break;
      case "published":
        acts.append(button(c.pinned ? L.t("Unpin") : L.t("Pin"), c.pinned ? "unpin" : "pin", c.id),
          button(L.t("Hide"), "hide", c.id));
        break;
      case "hidden":
        acts.append(button(L.t("Restore"), "restore", c.id));
        break;
    }
    if (c.status !== "deleted") {
      acts.append(button(L.t("Delete"), "delete", c.id), button(L.f("Block %s", c.author), "block", c.id));
    }
    li.append(acts);
    return li;
  }

  // act does what a comment's button says and shows the comment as it now is.
  async function act(b) {
    const id = b.dataset.id;
    const action = b.dataset.deskAction;
    if (action === "delete" && b.dataset.confirm !== "1") {
      b.dataset.confirm = "1";
      b.textContent = L.t("Delete for good?");
      return;
    }
    const path = "/api/comments/" + encodeURIComponent(id);
    const calls = {
      approve: () => api("PATCH", path, { status: "published" }),
      restore: () => api("PATCH", path, { status: "published" }),
      reject: () => api("PATCH", path, { status: "hidden" }),
      hide: () => api("PATCH", path, { status: "hidden" }),
      delete: () => api("DELETE", path),
      pin: () => api("PUT", path + "/pin"),
      unpin: () => api("DELETE", path + "/pin"),
      block: () => block(b.closest(".desk-item").dataset.author),
    };
    b.disabled = true;
    try {
      const c = await calls[action]();
      const li = $("desk-c-" + id);
      if (c && c.id && li) {
        const kept = li.querySelector(".desk-article");
        c.title = kept ? kept.textContent : c.article;
        if (state.tab && c.status !== state.tab) {
          li.remove(); // no longer in this list
          status(done[action] || L.t("Done."));
          if (state.tab === "pending") bumpPending(-1);
        } else {
          li.replaceWith(item(c));
          status(done[action] || L.t("Done."));
        }
      }
    } catch (err) {
      status(L.f("Could not %s: %s", doing[action] || action, err.message));
    } finally {
      b.disabled = false;
    }
  }

  const done = {
    approve: L.t("Approved: the comment is published."),
    reject: L.t("Rejected: the comment is hidden."),
    hide: L.t("Hidden."),
    restore: L.t("Restored: the comment is published."),
    delete: L.t("Deleted."),
    pin: L.t("Pinned."),
    unpin: L.t("Unpinned."),
  };
  const statusName = { pending: L.t("pending"), hidden: L.t("hidden"), deleted: L.t("deleted") };
  // doing names an action in "Could not %s".
  const doing = {
    approve: L.t("approve"), reject: L.t("reject"), hide: L.t("hide"), restore: L.t("restore"),
    delete: L.t("delete"), pin: L.t("pin"), unpin: L.t("unpin"), block: L.t("block"),
  };

  function bumpPending(by) {
    const span = $("desk-pending-count");
    const n = parseInt((span.textContent || "").replace(/\D/g, ""), 10);
    if (!isNaN(n)) span.textContent = "(" + Math.max(0, n + by) + ")";
  }

  async function block(name) {
    const data = await api("POST", "/api/admin/blocks", { name });
    showBlocks(data.names);
    status(L.f("Blocked %s: that name can no longer post.", name));
  }

  async function loadBlocks() {
    try {
      showBlocks((await api("GET", "/api/admin/blocks")).names);
    } catch (err) {
      status(L.f("Could not load blocked names: %s", err.message));
    }
  }

  function showBlocks(names) {
    const list = $("desk-block-list");
    list.replaceChildren();
    if (!names.length) list.append(el("li", "desk-note", L.t("No name is blocked.")));
    for (const n of names) {
      const li = el("li", "desk-block", n + " ");
      const b = el("button", "link-button", L.t("Unblock"));
      b.type = "button";
      b.dataset.deskUnblock = n;
      b.setAttribute("aria-label", L.f("Unblock %s", n));
      li.append(b);
      list.append(li);
    }
  }

  function tab(name) {
    state.tab = name;
    for (const b of document.querySelectorAll("[data-desk-tab]")) {
      b.setAttribute("aria-pressed", String(b.dataset.deskTab === name));
    }
    load(true);
  }

  // Delegation on document: the page's nodes are replaced as lists reload.
  document.addEventListener("submit", (e) => {
    if (e.target.id === "desk-signin") {
      e.preventDefault();
      signIn($("desk-token").value);
    } else if (e.target.id === "desk-block-form") {
      e.preventDefault();
      const input = $("desk-block-name");
      block(input.value).then(() => { input.value = ""; }, (err) => status(L.f("Could not block: %s", err.message)));
    }
  });

  document.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b || !b.closest("#desk")) return;
    if (b.dataset.deskAction) {
      act(b);
    } else if (b.dataset.deskTab !== undefined) {
      tab(b.dataset.deskTab);
    } else if (b.dataset.deskUnblock) {
      const name = b.dataset.deskUnblock;
      api("DELETE", "/api/admin/blocks/" + encodeURIComponent(name)).then((data) => {
        showBlocks(data.names);
        status(L.f("Unblocked %s.", name));
      }, (err) => status(L.f("Could not unblock: %s", err.message)));
    } else if (b.id === "desk-more") {
      load(false);
    } else if (b.id === "desk-signout") {
      signOut("");
    }
  });

  function start() {
    if (token()) {
      show(true);
      load(true);
      loadBlocks();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
