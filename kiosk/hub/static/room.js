// The live room page: draws the tiles from the hub's event stream and sends the
// animator's buttons. Plain JavaScript, nothing from outside the hub.
//
// Tiles are kept (one element per terminal) and updated in place, so that a button
// under a finger or a wipe confirmation survives the event that comes every 2 s.
(function () {
  "use strict";

  var STALE_MS = 5000;        // no event for this long: the page says the link is lost
  var REOPEN_MS = 15000;      // ... and after this long it opens a new stream itself
  var CHIME_AGAIN_MS = 20000; // a call nobody answered chimes again

  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var list = document.getElementById("tiles");
  var template = document.getElementById("tile-template");
  var banner = document.getElementById("help-banner");
  var linkState = document.getElementById("room-link");
  var summary = document.getElementById("room-summary");
  var empty = document.getElementById("no-terminal");
  var soundButton = document.getElementById("sound-toggle");
  var baseTitle = document.title;
  // every word the script writes, in the page's language (room.html renders them)
  var words = JSON.parse(document.getElementById("room-words").textContent);
  var plurals = new Intl.PluralRules(document.documentElement.lang || "fr");

  var confirming = new Map();   // terminal id → the action waiting for its "Oui, …"
  var opened = new Set();       // tiles opened with "Détails" (phones show compact rows)
  var notes = new Map();        // terminal id → message from the last button press
  var calling = new Set();      // terminals calling for help at the last render
  var proposing = new Set();    // tiles whose "Proposer un exercice" list is open
  var choices = null;           // what may be proposed (/room/proposals), loaded on first use
  var lastEventAt = Date.now();
  var lastChimeAt = 0;
  var source = null;
  var tiles = [];

  // --- words -------------------------------------------------------------------------
  function say(key, values) {  // words[key] with its {name} places filled in
    return fill(words[key], values || {});
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }
  function count(key, n) {  // words[key] is [one, other]: "1 libre", "0 libre" (fr), "2 libres"
    return fill(words[key][plurals.select(n) === "one" ? 0 : 1], { n: n });
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "—";
    if (seconds < 60) return seconds + " s";
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + " min " + (seconds % 60 < 10 ? "0" : "") + (seconds % 60) + " s";
    return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
  }
  function minutes(seconds) {  // short: "16 min" (the tile's details say "16 min 00 s")
    return seconds >= 60 ? Math.floor(seconds / 60) + " min" : duration(seconds);
  }

  var STATES = {
    offline: { text: words.offline, pic: "#pic-offline" },
    stuck: { text: words.stuck, pic: "#pic-stuck" },
    busy: { text: words.busy, pic: "#pic-busy" },
    free: { text: words.free, pic: "#pic-free" },
  };
  var ASKS = {  // buttons that ask first: what "Oui" says and what it posts
    "wipe": words.yes_wipe,
    "clear-call": words.yes_clear_call,
    "remove": words.yes_remove,
  };

  function mistakes(t) {
    return count("errors", t.errors || 0) + ", " + count("hints", t.hints || 0);
  }
  function offlineNote(t) {
    return t.seen_seconds === null ? words.never_connected : say("silent_since", { time: duration(t.seen_seconds) });
  }
  function languageName(t) {
    return (t.language && words.languages[t.language]) || t.language_name || "—";
  }
  function scenarioTitle(t) {  // in the page's language when the scenario has one
    return (t.scenario_id && words.titles[t.scenario_id]) || t.scenario_title || words.choosing;
  }
  // the one line a compact (phone) tile shows under its label
  function brief(t) {
    if (t.state === "offline") return offlineNote(t);
    if (t.state === "free") return t.wipe === "done" ? words.wiped : "";
    var step = t.step_number ? t.step_number + "/" + t.step_count : "";
    if (t.state === "stuck") {
      var time = minutes(t.step_seconds);
      return (step ? say("on_step_n", { time: time, step: step }) : say("on_this_step", { time: time })) +
        " · " + mistakes(t);
    }
    // one line on a phone: what changes first, the exercise's title last (cut if need be)
    return [step && say("step_n", { step: step }), step && duration(t.step_seconds), scenarioTitle(t)]
      .filter(Boolean).join(" · ");
  }

  // --- drawing -----------------------------------------------------------------------
  function part(el, selector) { return el.querySelector(selector); }
  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }
  function show(el, visible) { if (el.hidden === visible) el.hidden = !visible; }

  function tileElement(tile) {
    var el = document.getElementById("tile-" + tile.id);
    if (el) return el;
    el = template.content.firstElementChild.cloneNode(true);
    el.id = "tile-" + tile.id;
    el.dataset.id = tile.id;
    return el;
  }

  function drawTile(el, t) {
    var state = t.state;
    var open = opened.has(t.id);
    el.className = "tile is-" + state + (t.help === "waiting" ? " is-help" : "") +
      (t.help === "coming" ? " is-coming" : "") + (open ? " is-open" : "");
    el.dataset.help = t.help;
    el.dataset.state = state;
    setText(part(el, ".tile-label"), t.label);
    setText(part(el, ".state-text"), STATES[state].text);
    var use = part(el, ".tile-state use");
    if (use.getAttribute("href") !== STATES[state].pic) use.setAttribute("href", STATES[state].pic);
    var more = part(el, ".tile-more");
    more.setAttribute("aria-expanded", open ? "true" : "false");
    setText(part(el, ".more-text"), open ? words.less : words.more);
    setText(part(el, ".tile-brief"), brief(t));
    show(part(el, ".tile-stuck"), state === "stuck");
    setText(part(el, ".stuck-why"), state === "stuck"
      ? say("on_this_step", { time: duration(t.step_seconds) }) + " · " + mistakes(t) : "");

    show(part(el, ".tile-help"), t.help === "waiting");
    setText(part(el, ".help-since"), t.help_seconds !== null ? say("since", { time: duration(t.help_seconds) }) : "");
    setText(part(el, ".help-reason"), t.help_reason ? "· " + (words.reasons[t.help_reason] || t.help_reason) : "");
    show(part(el, ".tile-coming"), t.help === "coming");
    setText(part(el, ".coming-text"), t.helper ? say("helper_coming", { name: t.helper }) : words.someone_coming);

    var facts = part(el, ".tile-facts");
    show(facts, t.in_use);
    setText(part(el, ".fact-language dd"), languageName(t));
    setText(part(el, ".fact-scenario dd"), scenarioTitle(t));
    setText(part(el, ".fact-step dd"), t.step_number ? t.step_number + " / " + t.step_count : "—");
    setText(part(el, ".fact-time dd"), duration(t.step_seconds));
    setText(part(el, ".fact-errors dd"), t.errors === null ? "—" : String(t.errors));
    setText(part(el, ".fact-hints dd"), t.hints === null ? "—" : String(t.hints));
    part(el, ".fact-errors dd").classList.toggle("many", (t.errors || 0) >= 3);

    // the content bundle the terminal uses (0: only the scenarios it was installed with)
    var hasContent = t.content_version !== null && t.content_version !== undefined;
    show(part(el, ".tile-content"), hasContent);
    setText(part(el, ".content-text"), !hasContent ? "" :
      t.content_version ? "Contenu : version " + t.content_version : "Contenu d'origine");

    drawProposal(el, t);

    var note = notes.get(t.id) || "";
    if (!note && t.wipe === "asked") note = words.wipe_asked;
    if (!note && t.wipe === "done") note = words.wiped;
    if (!note && !t.online) note = offlineNote(t);
    var noteEl = part(el, ".tile-note");
    noteEl.classList.toggle("same-as-brief", note === brief(t));  // said once on a phone
    setText(noteEl, note);

    show(part(el, ".ack"), t.help === "waiting" && t.online);
    // nothing to wipe on a terminal that says it is free
    show(part(el, '[data-action="wipe"]'), !(t.online && !t.in_use));
    // a call or a terminal gone silent: the animator may tidy up
    show(part(el, '[data-action="clear-call"]'), !t.online && t.help !== "none");
    show(part(el, '[data-action="remove"]'), !t.online);
    var asked = confirming.get(t.id);
    var menu = proposing.has(t.id) && !asked;
    show(part(el, ".tile-confirm"), !!asked);
    show(part(el, ".tile-propose"), menu);
    show(part(el, ".tile-actions"), !asked && !menu);
    part(el, ".propose-open").setAttribute("aria-expanded", menu ? "true" : "false");
    if (asked) {
      Array.prototype.forEach.call(el.querySelectorAll(".tile-confirm [data-for]"), function (p) {
        show(p, p.dataset.for === asked);
      });
      setText(part(el, ".confirm-yes"), ASKS[asked]);
    }
    Array.prototype.forEach.call(el.querySelectorAll(".confirm-label"), function (s) { setText(s, t.label); });
  }

  function draw(newTiles) {
    tiles = newTiles;
    var wanted = new Set();
    var previous = null;
    newTiles.forEach(function (t) {
      wanted.add("tile-" + t.id);
      var el = tileElement(t);
      drawTile(el, t);
      // keep the server's order, moving only what is out of place (a moved button loses focus)
      var expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expected !== el) list.insertBefore(el, expected);
      previous = el;
    });
    Array.prototype.slice.call(list.children).forEach(function (el) {
      if (wanted.has(el.id)) return;
      el.remove();  // removed from the hub
      confirming.delete(el.dataset.id);
      opened.delete(el.dataset.id);
      proposing.delete(el.dataset.id);
    });
    show(empty, newTiles.length === 0);
    drawSummary(newTiles);
    drawCalls(newTiles);
  }

  function drawSummary(ts) {
    function inState(state) { return ts.filter(function (t) { return t.state === state; }).length; }
    var stuck = inState("stuck");
    var offline = inState("offline");
    var parts = [count("terminals", ts.length), count("in_use", inState("busy"))];
    if (stuck) parts.push(count("stuck_count", stuck));
    parts.push(count("free_count", inState("free")));
    if (offline) parts.push(count("offline_count", offline));
    // a part never breaks across lines ("1 libre" stays together on a phone)
    setText(summary, parts.map(function (p) { return p.replace(/ /g, "\u00a0").replace(/-/g, "\u2011"); }).join(" · "));
  }

  function drawCalls(ts) {
    var waiting = ts.filter(function (t) { return t.help === "waiting"; });
    var now = new Set(waiting.map(function (t) { return t.id; }));
    var fresh = waiting.some(function (t) { return !calling.has(t.id); });
    calling = now;
    document.title = waiting.length ? "(" + waiting.length + ") " + words.help + " · " + baseTitle : baseTitle;
    if (!waiting.length) {
      show(banner, false);
      return;
    }
    var key = waiting.map(function (t) { return t.id; }).join(",");
    if (banner.dataset.key !== key) {
      banner.dataset.key = key;
      banner.textContent = "";
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "pic");
      svg.setAttribute("aria-hidden", "true");
      var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
      use.setAttribute("href", "#pic-hand");
      svg.appendChild(use);
      banner.appendChild(svg);
      banner.appendChild(document.createTextNode(words.help_asked + " "));
      waiting.forEach(function (t, i) {
        if (i) banner.appendChild(document.createTextNode(", "));
        var a = document.createElement("a");
        a.href = "#tile-" + t.id;
        a.textContent = t.label;
        banner.appendChild(a);
      });
    }
    show(banner, true);
    if (fresh || Date.now() - lastChimeAt > CHIME_AGAIN_MS) chime();
  }

  // --- "Proposer un exercice" ----------------------------------------------------------
  function choiceTitle(kind, ref, fallback) {  // in the page's language when the list is loaded
    var found = choices && (kind === "path" ? choices.paths : choices.exercises)
      .find(function (c) { return c.id === ref; });
    return (found && found.title) || (kind === "scenario" && words.titles[ref]) || fallback || ref;
  }
  function drawProposal(el, t) {
    var p = t.proposal;
    show(part(el, ".tile-proposal"), !!p);
    if (!p) return;
    var key = p.state === "dropped" ? (p.reason || "offline") : p.state;
    el.dataset.proposal = key;
    setText(part(el, ".proposal-text"), fill(words.proposal[key] || key, { title: choiceTitle(p.kind, p.ref, p.title) }));
  }
  function fold(text) {  // "Réponse" matches "reponse"
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function loadChoices() {
    if (choices) return Promise.resolve(choices);
    return fetch("/room/proposals", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { setLink("expired"); throw new Error(words.log_in_again); }
        if (!response.ok) throw new Error(say("refused", { status: response.status }));
        return response.json();
      }).then(function (body) { choices = body; draw(tiles); return choices; });
  }
  function choiceItem(kind, c) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "propose-choice";
    button.dataset.kind = kind;
    button.dataset.ref = c.id;
    var img = document.createElement("img");
    img.src = "/room/pictograms/" + encodeURIComponent(c.pictogram) + ".png";
    img.alt = "";
    img.width = img.height = 40;
    img.loading = "lazy";
    var title = document.createElement("span");
    title.className = "choice-title";
    title.textContent = c.title;
    var where = document.createElement("span");
    where.className = "choice-where";
    where.textContent = kind === "path" ? count("propose_steps", c.count) : c.module;
    button.append(img, title, where);
    li.appendChild(button);
    return li;
  }
  function fillMenu(el) {
    var query = fold(part(el, ".propose-query").value.trim());
    var list = part(el, ".propose-list");
    list.textContent = "";
    function matches(c) {
      return !query || query.split(/\s+/).every(function (w) {
        return fold(c.title + " " + (c.module || "") + " " + c.id).indexOf(w) >= 0;
      });
    }
    var paths = choices.paths.filter(matches);
    var exercises = choices.exercises.filter(matches);
    function heading(text) {
      var h = document.createElement("li");
      h.className = "choice-heading";
      h.textContent = text;
      list.appendChild(h);
    }
    if (paths.length) {
      heading(words.propose_paths);
      paths.forEach(function (c) { list.appendChild(choiceItem("path", c)); });
    }
    if (exercises.length) {
      if (paths.length) heading(words.propose_exercises);
      exercises.forEach(function (c) { list.appendChild(choiceItem("scenario", c)); });
    }
    if (!paths.length && !exercises.length) heading(words.propose_none);
  }
  function openMenu(el, id) {
    proposing.add(id);
    redraw(id);
    var wait = part(el, ".propose-wait");
    show(wait, !choices);
    loadChoices().then(function () {
      show(wait, false);
      fillMenu(el);
      part(el, ".propose-query").focus();
    }, function (error) {
      setText(wait, error.message);
    });
  }
  function closeMenu(el, id) {
    proposing.delete(id);
    part(el, ".propose-query").value = "";
    redraw(id);
    part(el, ".propose-open").focus();
  }
  function propose(el, id, kind, ref) {
    notes.delete(id);
    closeMenu(el, id);
    return fetch("/room/terminals/" + id + "/propose", {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ kind: kind, ref: ref }),
    }).then(function (response) {
      if (response.status === 401) { setLink("expired"); throw new Error(words.log_in_again); }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw new Error(typeof body.detail === "string" ? body.detail : say("refused", { status: response.status }));
        }
        if (body.tile) replaceTile(body.tile);
      });
    }).catch(function (error) {
      notes.set(id, error.message);
      redraw(id);
      setTimeout(function () { notes.delete(id); redraw(id); }, 8000);
    });
  }
  list.addEventListener("input", function (event) {
    if (!event.target.classList.contains("propose-query") || !choices) return;
    fillMenu(event.target.closest(".tile"));
  });

  // --- sound (browsers play nothing before a tap: hence the button) -------------------
  var audio = null;
  var soundWanted = false;
  try { soundWanted = window.localStorage.getItem("room-sound") === "on"; } catch (e) { /* private mode */ }

  function soundOn() { return soundWanted && audio !== null && audio.state === "running"; }
  function drawSound() {
    var on = soundOn();
    soundButton.setAttribute("aria-pressed", on ? "true" : "false");
    setText(soundButton.querySelector(".sound-text"), on ? words.sound_on : words.sound_off);
  }
  function startAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return Promise.resolve();
    if (!audio) audio = new Context();
    audio.onstatechange = drawSound;
    return audio.resume().then(drawSound, drawSound);
  }
  function tone(frequency, at, length) {
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.type = "triangle";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.6, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + length + 0.05);
  }
  function chime() {
    lastChimeAt = Date.now();
    if (navigator.vibrate) { try { navigator.vibrate([300, 150, 300]); } catch (e) { /* not allowed */ } }
    if (!soundOn()) return;
    var t = audio.currentTime + 0.05;
    tone(880, t, 0.25);
    tone(660, t + 0.3, 0.25);
    tone(880, t + 0.6, 0.45);
    document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
  }
  soundButton.addEventListener("click", function () {
    if (soundOn()) {
      soundWanted = false;
      drawSound();
    } else {
      soundWanted = true;
      startAudio().then(function () {
        if (soundOn()) { var t = audio.currentTime + 0.05; tone(660, t, 0.2); }
      });
    }
    try { window.localStorage.setItem("room-sound", soundWanted ? "on" : "off"); } catch (e) { /* private mode */ }
  });
  if (soundWanted) {
    // asked for on an earlier visit: the first tap anywhere on the page starts it again
    document.addEventListener("pointerdown", function again() {
      startAudio();
      document.removeEventListener("pointerdown", again);
    });
  }

  // --- buttons -----------------------------------------------------------------------
  function post(url) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" },
    }).then(function (response) {
      if (response.status === 401) { setLink("expired"); throw new Error(words.log_in_again); }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw new Error(typeof body.detail === "string" ? body.detail : say("refused", { status: response.status }));
        }
        return body;
      });
    });
  }
  function redraw(id) {
    var t = tiles.find(function (x) { return x.id === id; });
    var el = document.getElementById("tile-" + id);
    if (t && el) drawTile(el, t);
  }
  function replaceTile(tile) {
    tiles = tiles.map(function (x) { return x.id === tile.id ? tile : x; });
    draw(tiles);
  }
  function act(id, path) {
    notes.delete(id);
    return post("/room/terminals/" + id + "/" + path).then(function (body) {
      if (body.tile) replaceTile(body.tile);
      if (body.removed) draw(tiles.filter(function (x) { return x.id !== body.removed; }));
    }, function (error) {
      notes.set(id, error.message);
      redraw(id);
      setTimeout(function () { notes.delete(id); redraw(id); }, 8000);
    });
  }
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var el = button.closest(".tile");
    var id = el.dataset.id;
    if (button.classList.contains("ack")) {
      button.disabled = true;
      act(id, "acknowledge").then(function () { button.disabled = false; });
    } else if (button.classList.contains("propose-open")) {
      openMenu(el, id);
    } else if (button.classList.contains("propose-close")) {
      closeMenu(el, id);
    } else if (button.classList.contains("propose-choice")) {
      propose(el, id, button.dataset.kind, button.dataset.ref);
    } else if (button.classList.contains("tile-more")) {
      if (opened.has(id)) opened.delete(id); else opened.add(id);
      redraw(id);
    } else if (button.classList.contains("ask")) {
      confirming.set(id, button.dataset.action);
      redraw(id);
      el.querySelector(".confirm-no").focus();
    } else if (button.classList.contains("confirm-no")) {
      var was = confirming.get(id);
      confirming.delete(id);
      redraw(id);
      el.querySelector('[data-action="' + was + '"]').focus();
    } else if (button.classList.contains("confirm-yes")) {
      var action = confirming.get(id);
      confirming.delete(id);
      act(id, action).then(function () { redraw(id); });
    }
  });

  // --- the event stream ----------------------------------------------------------------
  function setLink(state) {
    if (linkState.dataset.state === "expired") return;
    linkState.dataset.state = state;
    document.body.classList.toggle("link-lost", state !== "live");
    if (state === "live") {
      setText(linkState, words.live);
    } else if (state === "expired") {
      var around = words.expired.split("{link}");
      var link = document.createElement("a");
      link.href = "/login?next=%2Froom";
      link.textContent = words.expired_link;
      linkState.textContent = "";
      linkState.append(around[0], link, around.slice(1).join(""));
    } else {
      setText(linkState, words.lost);
    }
  }
  function connect() {
    if (source) source.close();
    source = new EventSource("/room/events");
    source.addEventListener("room", function (event) {
      lastEventAt = Date.now();
      setLink("live");
      draw(JSON.parse(event.data));
    });
    source.addEventListener("error", function () {
      setLink("lost");
      if (source.readyState === EventSource.CLOSED) setTimeout(checkThenConnect, 2000);
    });
  }
  function checkThenConnect() {
    // a stream refused for good may mean the session ended: ask before trying again
    fetch("/room", { headers: { "Accept": "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (r.status === 401) setLink("expired"); else connect();
    }, function () { setTimeout(checkThenConnect, 3000); });
  }
  setInterval(function () {
    var silent = Date.now() - lastEventAt;
    if (silent > STALE_MS) setLink("lost");
    if (silent > REOPEN_MS && linkState.dataset.state !== "expired") {
      lastEventAt = Date.now();  // one new stream per REOPEN_MS, not one per tick
      connect();
    }
  }, 1000);

  draw(JSON.parse(document.getElementById("room-initial").textContent));
  drawSound();
  connect();
})();
