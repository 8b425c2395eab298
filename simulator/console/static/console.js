// ndxp-sim console: live updates over Server-Sent Events, forms sent with fetch, clocks ticked.
// No framework: the server renders every fragment; this file only puts them in place.
"use strict";
(function () {
  const lang = document.body.dataset.lang || "vi";
  const locale = lang === "en" ? "en-GB" : "vi-VN";
  const timeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short",
  });
  const MAX_ROWS = 200;

  function flash(text, isError) {
    const box = document.getElementById("flash");
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
    box.classList.toggle("error", Boolean(isError));
  }

  function tick() {
    const clock = document.getElementById("sim-clock");
    if (clock) {
      const frozenAt = clock.dataset.frozenAt;
      const when = frozenAt ? new Date(frozenAt)
        : new Date(Date.now() + Number(clock.dataset.offset || 0) * 1000);
      clock.textContent = timeFormat.format(when);
    }
    for (const el of document.querySelectorAll(".countdown")) {
      const left = Math.max(0, Number(el.dataset.until) - Date.now() / 1000);
      const m = Math.floor(left / 60), s = Math.floor(left % 60);
      el.textContent = (m >= 60 ? Math.floor(m / 60) + ":" + String(m % 60).padStart(2, "0") : m)
        + ":" + String(s).padStart(2, "0");
    }
  }

  function upsertRow(html) {
    const body = document.getElementById("exchanges");
    if (!body) return;
    const holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    if (!row) return;
    const old = document.getElementById(row.id);
    if (old) {
      old.replaceWith(row);
    } else {
      const started = Number(row.dataset.started);
      let before = null;
      for (const other of body.children) {
        if (Number(other.dataset.started) <= started) { before = other; break; }
      }
      body.insertBefore(row, before);
      while (body.children.length > MAX_ROWS) body.lastElementChild.remove();
    }
    row.classList.add("fresh");
    const empty = document.getElementById("no-exchanges");
    if (empty) empty.hidden = true;
  }

  function markActive() {
    const active = document.getElementById("active-scenario");
    const name = active ? active.dataset.name : "";
    for (const row of document.querySelectorAll("tr[id^='scenario-']")) {
      row.classList.toggle("on", row.id === "scenario-" + name);
    }
  }

  function replace(id, html) {
    const el = document.getElementById(id);
    if (el) { el.innerHTML = html; tick(); markActive(); }
  }

  function connect() {
    const state = document.getElementById("live-state");
    const source = new EventSource("/api/stream?lang=" + encodeURIComponent(lang));
    const setState = (on) => {
      if (!state) return;
      state.textContent = on ? state.dataset.on : state.dataset.off;
      state.className = "live " + (on ? "on" : "off");
    };
    source.onopen = () => setState(true);
    source.onerror = () => setState(false);
    source.addEventListener("exchange", (e) => upsertRow(e.data));
    source.addEventListener("status", (e) => replace("status", e.data));
    source.addEventListener("scoreboard", (e) => replace("scoreboard", e.data));
  }

  function showTry(result) {
    const box = document.getElementById("try-result");
    if (!box) return;
    box.hidden = false;
    box.replaceChildren();
    const head = document.createElement("b");
    head.textContent = result.message;
    box.append(head);
    const pre = document.createElement("pre");
    pre.className = "mono";
    const headers = Object.entries(result.headers || {}).map(([k, v]) => k + ": " + v).join("\n");
    pre.textContent = [result.method + " " + result.path, "X-Road-Id: " + result.messageId,
      headers, "", result.body || result.error || ""].join("\n");
    box.append(pre);
  }

  async function submit(event) {
    const form = event.target.closest("form[data-fetch]");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      // getAttribute: a field named "action" (the clock forms) shadows form.action.
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        headers: {"Accept": "application/json"},
        body: new URLSearchParams(new FormData(form)),
      });
      const answer = await response.json();
      if (form.id === "try-form") showTry(answer);
      flash(answer.message, !answer.ok);
    } catch (err) {
      flash(String(err), true);
    } finally {
      if (button) button.disabled = false;
    }
  }

  function resizeReport() {
    const frame = document.getElementById("report-frame");
    if (!frame) return;
    frame.addEventListener("load", () => {
      const doc = frame.contentDocument;
      if (doc && doc.body) frame.style.height = (doc.documentElement.scrollHeight + 20) + "px";
    });
  }

  document.addEventListener("submit", submit);
  document.addEventListener("DOMContentLoaded", () => {
    tick();
    setInterval(tick, 1000);
    resizeReport();
    connect();
  });
})();
