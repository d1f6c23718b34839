/*
 * Inbound's App Bridge stand-in: served in demo mode only (app/routes/app-bridge-standin[.js].tsx
 * answers 404 otherwise); inside Shopify admin the app loads Shopify's own app-bridge.js.
 *
 * It implements the part of App Bridge's documented `shopify` global and web components that
 * Inbound uses, with the same shapes, so screens and end-to-end tests run the same code in both:
 *   shopify.toast.show(message, { duration, isError }) → id; shopify.toast.hide(id)
 *   shopify.saveBar.show(id) / hide(id) / toggle(id) / leaveConfirmation()
 *   shopify.modal.show(id) / hide(id) / toggle(id)
 *   shopify.resourcePicker({ type, action, multiple, filter, query, selectionIds }) → selection | undefined
 *   <ui-save-bar> (a dark bar at the top), <ui-modal> with <ui-title-bar> (a dialog),
 *   <ui-title-bar> and <ui-nav-menu> outside a modal (inert: the demo's shell draws its own).
 * What Shopify admin draws outside the app's frame is drawn here on top of the page, styled with
 * Polaris's CSS variables. Plain JavaScript: it runs before the app's modules, as app-bridge.js does.
 */
(function () {
  "use strict";
  if (window.shopify) return;

  var script = document.currentScript;
  var apiKeyMeta = document.querySelector('meta[name="shopify-api-key"]');
  var PICKER_URL = (script && script.getAttribute("data-resource-picker-url")) || "/app/standin/resource-picker";
  var TOAST_MS = 5000;

  // ---------------------------------------------------------------- styles
  var CSS = [
    "ui-save-bar, ui-modal, ui-title-bar, ui-nav-menu { display: none !important; }",
    ".ab-layer { font-family: var(--p-font-family-sans, -apple-system, BlinkMacSystemFont, 'San Francisco', 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif); font-size: var(--p-font-size-325, 13px); line-height: var(--p-font-line-height-500, 20px); color: var(--p-color-text, #303030); }",
    ".ab-button { appearance: none; border: 0; cursor: pointer; font: inherit; font-weight: var(--p-font-weight-semibold, 600); min-height: 28px; padding: 6px 12px; border-radius: var(--p-border-radius-200, 8px); background: var(--p-color-bg-fill, #fff); color: var(--p-color-text, #303030); box-shadow: var(--p-shadow-button, 0 -1px 0 0 #b5b5b5 inset, 0 0 0 1px rgba(0,0,0,.1) inset, 0 .5px 0 1.5px #fff inset); }",
    ".ab-button:hover { background: var(--p-color-bg-fill-hover, #fafafa); }",
    ".ab-button:focus-visible, .ab-check:focus-visible, .ab-search:focus-visible, .ab-close:focus-visible { outline: var(--p-border-width-050, 2px) solid var(--p-color-border-focus, #005bd3); outline-offset: 1px; }",
    ".ab-button[disabled] { cursor: default; opacity: 1; background: var(--p-color-bg-fill-disabled, rgba(0,0,0,.05)); color: var(--p-color-text-disabled, #b5b5b5); box-shadow: none; }",
    ".ab-button--primary { background: var(--p-color-bg-fill-brand, #303030); color: var(--p-color-text-brand-on-bg-fill, #fff); box-shadow: var(--p-shadow-button-primary, 0 -1px 0 1px rgba(0,0,0,.8) inset, 0 0 0 1px #303030 inset, 0 .5px 0 1.5px rgba(255,255,255,.25) inset); }",
    ".ab-button--primary:hover { background: var(--p-color-bg-fill-brand-hover, #1a1a1a); }",
    ".ab-button--critical { background: var(--p-color-bg-fill-critical, #c70a24); color: var(--p-color-text-critical-on-bg-fill, #fff); box-shadow: var(--p-shadow-button-primary-critical, 0 -1px 0 1px rgba(142,31,11,.8) inset, 0 0 0 1px rgba(181,38,11,.8) inset, 0 .5px 0 1.5px rgba(255,255,255,.35) inset); }",
    ".ab-button--critical:hover { background: var(--p-color-bg-fill-critical-hover, #a3071d); }",
    // Toasts: bottom centre, dark, as Shopify admin shows them.
    ".ab-toasts { position: fixed; left: 50%; bottom: var(--p-space-800, 32px); transform: translateX(-50%); display: flex; flex-direction: column; align-items: center; gap: var(--p-space-200, 8px); z-index: 2147483000; pointer-events: none; }",
    ".ab-toast { pointer-events: auto; display: flex; align-items: center; gap: var(--p-space-300, 12px); max-width: 500px; padding: var(--p-space-200, 8px) var(--p-space-300, 12px) var(--p-space-200, 8px) var(--p-space-400, 16px); border-radius: var(--p-border-radius-300, 12px); background: var(--p-color-bg-inverse, #1a1a1a); color: var(--p-color-text-inverse, #e3e3e3); font-weight: var(--p-font-weight-medium, 550); box-shadow: var(--p-shadow-500, 0 12px 20px -8px rgba(26,26,26,.24), 0 4px 6px -2px rgba(26,26,26,.1)); }",
    ".ab-toast--error { background: var(--p-color-bg-fill-critical, #c70a24); color: var(--p-color-text-critical-on-bg-fill, #fff); }",
    ".ab-toast button { appearance: none; border: 0; background: transparent; color: inherit; cursor: pointer; font-size: 16px; line-height: 1; padding: 4px; border-radius: var(--p-border-radius-100, 4px); }",
    // Loading: admin's thin bar across the top while a page loads (shopify.loading).
    ".ab-loading { position: fixed; top: 0; left: 0; right: 0; height: 3px; overflow: hidden; z-index: 2147482500; pointer-events: none; }",
    ".ab-loading::after { content: ''; position: absolute; top: 0; bottom: 0; left: -40%; width: 40%; background: var(--p-color-bg-fill-brand, #303030); animation: ab-loading 1.2s ease-in-out infinite; }",
    "@keyframes ab-loading { to { left: 100%; } }",
    "@media (prefers-reduced-motion: reduce) { .ab-loading::after { animation: none; left: 0; width: 100%; opacity: .5; } }",
    // Save bar: a dark bar across the top, over where admin's top bar is.
    ".ab-save-bar { position: fixed; top: 0; left: 0; right: 0; height: 56px; box-sizing: border-box; display: flex; align-items: center; justify-content: space-between; gap: var(--p-space-400, 16px); padding: 0 var(--p-space-400, 16px) 0 var(--p-space-500, 20px); background: var(--p-color-bg-inverse, #1a1a1a); color: var(--p-color-text-inverse, #e3e3e3); z-index: 2147482000; box-shadow: var(--p-shadow-300, 0 4px 6px -2px rgba(26,26,26,.2)); }",
    ".ab-save-bar__message { display: flex; align-items: center; gap: var(--p-space-200, 8px); font-weight: var(--p-font-weight-semibold, 600); font-size: var(--p-font-size-350, 14px); }",
    ".ab-save-bar__message svg { fill: currentColor; }",
    ".ab-save-bar__actions { display: flex; gap: var(--p-space-200, 8px); }",
    ".ab-save-bar .ab-button { background: var(--p-color-bg-inverse-hover, #303030); color: var(--p-color-text-inverse, #e3e3e3); box-shadow: 0 0 0 1px rgba(255,255,255,.2) inset; }",
    ".ab-save-bar .ab-button:hover { background: var(--p-color-bg-inverse-active, #404040); }",
    ".ab-save-bar .ab-button--primary { background: var(--p-color-bg-fill, #fff); color: var(--p-color-text, #303030); box-shadow: none; }",
    ".ab-save-bar .ab-button--primary:hover { background: var(--p-color-bg-fill-hover, #f1f1f1); }",
    ".ab-save-bar .ab-button[disabled] { opacity: .5; }",
    ".ab-save-bar--nudge { animation: ab-nudge .4s ease-in-out; }",
    "@keyframes ab-nudge { 0%, 100% { transform: translateX(0); } 25% { transform: translateX(-6px); } 75% { transform: translateX(6px); } }",
    // Dialogs: a modal with a title, a body and a footer of actions.
    ".ab-backdrop { position: fixed; inset: 0; background: var(--p-color-backdrop-bg, rgba(0,0,0,.71)); z-index: 2147482500; display: flex; align-items: center; justify-content: center; padding: var(--p-space-400, 16px); }",
    ".ab-dialog { display: flex; flex-direction: column; width: 620px; max-width: 100%; max-height: calc(100vh - 64px); background: var(--p-color-bg-surface, #fff); border-radius: var(--p-border-radius-400, 16px); box-shadow: var(--p-shadow-600, 0 20px 20px -8px rgba(26,26,26,.28)); overflow: hidden; outline: none; }",
    ".ab-dialog--small { width: 380px; }",
    ".ab-dialog--large { width: 980px; }",
    ".ab-dialog--max { width: calc(100vw - 32px); height: calc(100vh - 32px); max-height: none; }",
    ".ab-dialog__header { display: flex; align-items: center; justify-content: space-between; gap: var(--p-space-200, 8px); padding: var(--p-space-300, 12px) var(--p-space-300, 12px) var(--p-space-300, 12px) var(--p-space-400, 16px); background: var(--p-color-bg-surface-tertiary, #f1f1f1); border-bottom: var(--p-border-width-025, 1px) solid var(--p-color-border, #e3e3e3); }",
    ".ab-dialog__title { margin: 0; font-size: var(--p-font-size-350, 14px); line-height: var(--p-font-line-height-500, 20px); font-weight: var(--p-font-weight-semibold, 600); }",
    ".ab-close { appearance: none; border: 0; background: transparent; cursor: pointer; width: 28px; height: 28px; border-radius: var(--p-border-radius-200, 8px); color: var(--p-color-icon, #4a4a4a); display: inline-flex; align-items: center; justify-content: center; }",
    ".ab-close:hover { background: var(--p-color-bg-fill-transparent-hover, rgba(0,0,0,.05)); }",
    ".ab-close svg { width: 20px; height: 20px; fill: currentColor; }",
    ".ab-dialog__body { flex: 1 1 auto; overflow-y: auto; }",
    ".ab-dialog__body--padded { padding: var(--p-space-400, 16px); }",
    ".ab-dialog__footer { display: flex; align-items: center; justify-content: flex-end; gap: var(--p-space-200, 8px); padding: var(--p-space-400, 16px); border-top: var(--p-border-width-025, 1px) solid var(--p-color-border, #e3e3e3); }",
    ".ab-dialog__footer-note { margin-right: auto; color: var(--p-color-text-secondary, #616161); }",
    // Resource picker.
    ".ab-picker__search { padding: var(--p-space-300, 12px) var(--p-space-400, 16px); border-bottom: var(--p-border-width-025, 1px) solid var(--p-color-border, #e3e3e3); }",
    ".ab-search { width: 100%; box-sizing: border-box; font: inherit; padding: 6px 12px; min-height: 32px; border-radius: var(--p-border-radius-200, 8px); border: var(--p-border-width-0165, .66px) solid var(--p-color-input-border, #8a8a8a); background: var(--p-color-input-bg-surface, #fdfdfd); color: inherit; }",
    ".ab-picker__list { list-style: none; margin: 0; padding: 0; height: 440px; max-height: calc(100vh - 260px); overflow-y: auto; }",
    ".ab-picker__row { display: flex; align-items: center; gap: var(--p-space-300, 12px); padding: var(--p-space-200, 8px) var(--p-space-400, 16px); border-bottom: var(--p-border-width-025, 1px) solid var(--p-color-border-secondary, #ebebeb); cursor: pointer; }",
    ".ab-picker__row:hover { background: var(--p-color-bg-surface-hover, #f7f7f7); }",
    ".ab-picker__row--variant { padding-left: calc(var(--p-space-400, 16px) + 28px); }",
    ".ab-picker__thumb { flex: none; width: 40px; height: 40px; border-radius: var(--p-border-radius-200, 8px); border: var(--p-border-width-025, 1px) solid var(--p-color-border-secondary, #ebebeb); background: var(--p-color-bg-surface-secondary, #f7f7f7); display: flex; align-items: center; justify-content: center; color: var(--p-color-icon-secondary, #8a8a8a); }",
    ".ab-picker__thumb svg { width: 20px; height: 20px; fill: currentColor; }",
    ".ab-picker__text { flex: 1 1 auto; min-width: 0; }",
    ".ab-picker__title { font-weight: var(--p-font-weight-medium, 550); }",
    ".ab-picker__detail { color: var(--p-color-text-secondary, #616161); }",
    ".ab-picker__price { flex: none; color: var(--p-color-text-secondary, #616161); font-variant-numeric: tabular-nums; }",
    ".ab-check { flex: none; width: 16px; height: 16px; margin: 0; accent-color: var(--p-color-bg-fill-brand, #303030); cursor: pointer; }",
    ".ab-picker__status { padding: var(--p-space-800, 32px) var(--p-space-400, 16px); text-align: center; color: var(--p-color-text-secondary, #616161); }",
    ".ab-picker__more { display: flex; justify-content: center; padding: var(--p-space-300, 12px); }",
  ].join("\n");

  var ICONS = {
    close:
      '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M13.97 15.03a.75.75 0 1 0 1.06-1.06l-3.97-3.97 3.97-3.97a.75.75 0 0 0-1.06-1.06l-3.97 3.97-3.97-3.97a.75.75 0 0 0-1.06 1.06l3.97 3.97-3.97 3.97a.75.75 0 1 0 1.06 1.06l3.97-3.97 3.97 3.97Z"/></svg>',
    alert:
      '<svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true"><path d="M10 6a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5a.75.75 0 0 1 .75-.75Z"/><path d="M11 13a1 1 0 1 1-2 0 1 1 0 0 1 2 0Z"/><path fill-rule="evenodd" d="M17 10a7 7 0 1 1-14 0 7 7 0 0 1 14 0Zm-1.5 0a5.5 5.5 0 1 1-11 0 5.5 5.5 0 0 1 11 0Z"/></svg>',
    image:
      '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M12.5 9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Z"/><path fill-rule="evenodd" d="M9.018 3.5h1.964c.813 0 1.469 0 2 .043.546.045 1.026.14 1.47.366a3.75 3.75 0 0 1 1.64 1.639c.226.444.32.924.365 1.47.043.531.043 1.187.043 2v1.964c0 .813 0 1.469-.043 2-.045.546-.14 1.026-.366 1.47a3.75 3.75 0 0 1-1.639 1.64c-.444.226-.924.32-1.47.365-.531.043-1.187.043-2 .043h-1.964c-.813 0-1.469 0-2-.043-.546-.045-1.026-.14-1.47-.366a3.75 3.75 0 0 1-1.64-1.639c-.226-.444-.32-.924-.365-1.47-.043-.531-.043-1.187-.043-2v-1.964c0-.813 0-1.469.043-2 .045-.546.14-1.026.366-1.47a3.75 3.75 0 0 1 1.639-1.64c.444-.226.924-.32 1.47-.365.531-.043 1.187-.043 2-.043Zm-1.877 1.538c-.454.037-.715.107-.912.207a2.25 2.25 0 0 0-.984.984c-.1.197-.17.458-.207.912-.037.462-.038 1.057-.038 1.909v1.428l.723-.867a1.75 1.75 0 0 1 2.582-.117l2.695 2.695 1.18-1.18a1.75 1.75 0 0 1 2.604.145l.216.27v-2.374c0-.852 0-1.447-.038-1.91-.037-.453-.107-.714-.207-.911a2.25 2.25 0 0 0-.984-.984c-.197-.1-.458-.17-.912-.207-.462-.037-1.056-.038-1.909-.038h-1.9c-.852 0-1.447 0-1.91.038Z"/></svg>',
  };

  // ---------------------------------------------------------------- small helpers
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name === "html") node.innerHTML = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function whenBody(run) {
    if (document.body) run();
    else document.addEventListener("DOMContentLoaded", run, { once: true });
  }

  /**
   * The styles apply at once (the script runs in <head>): the app's <ui-nav-menu> and closed
   * <ui-modal> contents must never show as raw links and buttons, not even before first use. A
   * constructed style sheet, not a <style> element: React hydrates the whole document, and a node
   * added to <head> before it does fails hydration (the page is then rendered again from scratch).
   */
  function ensureStyles() {
    if (ensureStyles.done) return;
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    ensureStyles.done = true;
  }
  ensureStyles();

  var layer = null;
  /** The stand-in's own layer, after the app's root (made on first use). */
  function ensureLayer() {
    if (layer && layer.isConnected) return layer;
    ensureStyles();
    layer = el("div", { className: "ab-layer", "data-app-bridge-standin": "" });
    document.body.appendChild(layer);
    return layer;
  }

  function button(label, options) {
    options = options || {};
    var classes = ["ab-button"];
    if (options.primary) classes.push(options.critical ? "ab-button--critical" : "ab-button--primary");
    return el("button", {
      type: "button",
      className: classes.join(" "),
      disabled: !!options.disabled,
      "aria-busy": options.loading ? "true" : null,
      onclick: options.onClick,
      text: label,
    });
  }

  function isTrue(element, attribute) {
    if (!element.hasAttribute(attribute)) return false;
    var value = element.getAttribute(attribute);
    return value !== "false";
  }

  /** The buttons an App Bridge element was given (its <button> children), as actions to mirror. */
  function actionsOf(container) {
    return Array.prototype.filter.call(container ? container.querySelectorAll("button") : [], function (b) {
      return !b.closest("section");
    });
  }

  function mirror(original) {
    var primary = original.getAttribute("variant") === "primary";
    var copy = button((original.textContent || "").trim(), {
      primary: primary,
      critical: primary && original.getAttribute("tone") === "critical",
      disabled: original.disabled || isTrue(original, "loading"),
      loading: isTrue(original, "loading"),
      onClick: function () {
        original.click();
      },
    });
    if (!primary && original.getAttribute("tone") === "critical") copy.classList.add("ab-button--critical");
    return copy;
  }

  // ---------------------------------------------------------------- dialogs (modal, confirmations, picker)
  var dialogs = [];
  var titleSequence = 0;

  function focusable(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll(
        'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
      ),
      function (node) {
        return node.offsetParent !== null || node === document.activeElement;
      },
    );
  }

  /**
   * Opens a dialog over the page: role dialog, labelled by its title; Escape and the close button
   * dismiss it (onDismiss), Tab stays inside, and the focus goes back where it was on close.
   */
  function openDialog(options) {
    ensureLayer();
    titleSequence += 1;
    var titleId = "ab-dialog-title-" + titleSequence;
    var title = el("h2", { className: "ab-dialog__title", id: titleId, text: options.title || "" });
    var close = el("button", {
      type: "button",
      className: "ab-close",
      "aria-label": "Close",
      html: ICONS.close,
      onclick: function () {
        options.onDismiss();
      },
    });
    var body = el("div", { className: "ab-dialog__body" + (options.padded === false ? "" : " ab-dialog__body--padded") });
    if (options.body) body.appendChild(options.body);
    var footer = el("div", { className: "ab-dialog__footer" });
    var dialog = el(
      "div",
      {
        className: "ab-dialog" + (options.size && options.size !== "base" ? " ab-dialog--" + options.size : ""),
        role: "dialog",
        "aria-modal": "true",
        "aria-labelledby": titleId,
        tabindex: "-1",
      },
      [el("div", { className: "ab-dialog__header" }, [title, close]), body, footer],
    );
    var backdrop = el("div", { className: "ab-backdrop" }, [dialog]);
    var returnFocus = document.activeElement;
    var entry = {
      dialog: dialog,
      body: body,
      setTitle: function (text) {
        title.textContent = text || "";
      },
      setFooter: function (nodes) {
        footer.replaceChildren.apply(footer, nodes);
        footer.hidden = nodes.length === 0;
      },
      close: function () {
        var index = dialogs.indexOf(entry);
        if (index < 0) return;
        dialogs.splice(index, 1);
        backdrop.remove();
        if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === "function") returnFocus.focus();
      },
      dismiss: function () {
        options.onDismiss();
      },
    };
    entry.setFooter(options.footer || []);
    dialogs.push(entry);
    layer.appendChild(backdrop);
    (options.initialFocus || dialog).focus();
    return entry;
  }

  document.addEventListener(
    "keydown",
    function (event) {
      var top = dialogs[dialogs.length - 1];
      if (!top) return;
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        top.dismiss();
      } else if (event.key === "Tab") {
        var nodes = focusable(top.dialog);
        if (nodes.length === 0) {
          event.preventDefault();
          top.dialog.focus();
          return;
        }
        var first = nodes[0];
        var last = nodes[nodes.length - 1];
        var inside = top.dialog.contains(document.activeElement);
        if (event.shiftKey && (document.activeElement === first || !inside)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
          event.preventDefault();
          first.focus();
        }
      }
    },
    true,
  );

  /** A question with two answers; resolves true for the confirming one. */
  function ask(title, message, cancelLabel, confirmLabel) {
    return new Promise(function (resolve) {
      var dialog = openDialog({
        title: title,
        size: "small",
        body: el("p", { text: message, style: "margin: 0" }),
        onDismiss: function () {
          dialog.close();
          resolve(false);
        },
      });
      dialog.setFooter([
        button(cancelLabel, {
          onClick: function () {
            dialog.close();
            resolve(false);
          },
        }),
        button(confirmLabel, {
          primary: true,
          critical: true,
          onClick: function () {
            dialog.close();
            resolve(true);
          },
        }),
      ]);
    });
  }

  // ---------------------------------------------------------------- toast
  var toastSequence = 0;
  var toasts = new Map();
  var toastStack = null;

  function showToast(message, options) {
    options = options || {};
    ensureLayer();
    if (!toastStack || !toastStack.isConnected) {
      toastStack = el("div", { className: "ab-toasts", role: "status", "aria-live": "polite" });
      layer.appendChild(toastStack);
    }
    toastSequence += 1;
    var id = "toast-" + toastSequence;
    var duration = typeof options.duration === "number" && options.duration > 0 ? options.duration : TOAST_MS;
    var timer = null;
    var node = el(
      "div",
      { className: "ab-toast" + (options.isError ? " ab-toast--error" : ""), "data-app-bridge-toast": options.isError ? "error" : "info" },
      [
        el("span", { text: String(message) }),
        el("button", {
          type: "button",
          "aria-label": "Dismiss notification",
          html: ICONS.close.replace("<svg", '<svg width="16" height="16" fill="currentColor"'),
          onclick: function () {
            hideToast(id);
          },
        }),
      ],
    );
    // Shopify pauses a toast while the pointer is on it.
    var start = function () {
      timer = setTimeout(function () {
        hideToast(id);
      }, duration);
    };
    node.addEventListener("mouseenter", function () {
      clearTimeout(timer);
    });
    node.addEventListener("mouseleave", start);
    toastStack.appendChild(node);
    toasts.set(id, {
      node: node,
      stop: function () {
        clearTimeout(timer);
      },
    });
    start();
    return id;
  }

  function hideToast(id) {
    var toast = toasts.get(id);
    if (!toast) return;
    toast.stop();
    toast.node.remove();
    toasts.delete(id);
  }

  // ---------------------------------------------------------------- <ui-save-bar>
  var showingSaveBars = new Set();
  var saveBarNode = null;

  function renderSaveBar() {
    var bars = Array.from(showingSaveBars);
    var bar = bars[bars.length - 1];
    if (!bar) {
      if (saveBarNode) saveBarNode.remove();
      saveBarNode = null;
      return;
    }
    ensureLayer();
    if (!saveBarNode || !saveBarNode.isConnected) {
      saveBarNode = el("div", { className: "ab-save-bar", role: "region", "aria-label": "Unsaved changes", "data-app-bridge-save-bar": "" });
      layer.appendChild(saveBarNode);
    }
    var buttons = actionsOf(bar);
    var save = buttons.filter(function (b) {
      return b.getAttribute("variant") === "primary";
    })[0];
    var discard = buttons.filter(function (b) {
      return b.getAttribute("variant") !== "primary";
    })[0];
    var actions = [];
    if (discard) {
      actions.push(
        button((discard.textContent || "").trim() || "Discard", {
          disabled: discard.disabled || isTrue(discard, "loading"),
          onClick: function () {
            if (!bar.discardConfirmation) return discard.click();
            ask(
              "Discard all unsaved changes",
              "If you discard changes, you’ll delete any edits you made since you last saved.",
              "Continue editing",
              "Discard changes",
            ).then(function (yes) {
              if (yes) discard.click();
            });
          },
        }),
      );
    }
    if (save) actions.push(mirror(save));
    saveBarNode.replaceChildren(
      el("div", { className: "ab-save-bar__message", html: ICONS.alert }, [el("span", { text: "Unsaved changes" })]),
      el("div", { className: "ab-save-bar__actions" }, actions),
    );
  }

  class UISaveBar extends HTMLElement {
    constructor() {
      super();
      this._showing = false;
      this._observer = new MutationObserver(function () {
        if (showingSaveBars.size) renderSaveBar();
      });
    }
    connectedCallback() {
      this._observer.observe(this, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    disconnectedCallback() {
      this._observer.disconnect();
      if (this._showing) this.hide();
    }
    get showing() {
      return this._showing;
    }
    get discardConfirmation() {
      return isTrue(this, "discardconfirmation");
    }
    set discardConfirmation(value) {
      if (value) this.setAttribute("discardconfirmation", "");
      else this.removeAttribute("discardconfirmation");
    }
    show() {
      if (!this._showing) {
        this._showing = true;
        showingSaveBars.add(this);
        whenBody(() => {
          renderSaveBar();
          this.dispatchEvent(new Event("show"));
        });
      }
      return Promise.resolve();
    }
    hide() {
      if (this._showing) {
        this._showing = false;
        showingSaveBars.delete(this);
        renderSaveBar();
        this.dispatchEvent(new Event("hide"));
      }
      return Promise.resolve();
    }
    toggle() {
      return this._showing ? this.hide() : this.show();
    }
  }

  // Leaving the page (reload, closing the tab, a full-page link) while a save bar shows asks first.
  window.addEventListener("beforeunload", function (event) {
    if (showingSaveBars.size === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });

  var leaving = null;
  /** Resolves when the merchant chooses to leave (or nothing is unsaved); staying leaves it pending, as App Bridge does. */
  function leaveConfirmation() {
    if (showingSaveBars.size === 0) return Promise.resolve();
    if (leaving) return leaving;
    if (saveBarNode) {
      saveBarNode.classList.remove("ab-save-bar--nudge");
      void saveBarNode.offsetWidth;
      saveBarNode.classList.add("ab-save-bar--nudge");
    }
    leaving = new Promise(function (resolve) {
      ask("Leave page with unsaved changes?", "Leaving this page will delete all unsaved changes.", "Stay", "Leave page").then(function (leave) {
        leaving = null;
        if (leave) resolve();
      });
    });
    return leaving;
  }

  // ---------------------------------------------------------------- <ui-modal>
  class UIModal extends HTMLElement {
    constructor() {
      super();
      this._content = document.createElement("div");
      this._dialog = null;
      this._observer = new MutationObserver(() => {
        this._render();
      });
    }
    get content() {
      return this._content;
    }
    set content(node) {
      this._content = node;
      if (this._dialog) this._dialog.body.replaceChildren(node);
    }
    get variant() {
      return this.getAttribute("variant") || "base";
    }
    set variant(value) {
      this.setAttribute("variant", value);
    }
    get src() {
      return this.getAttribute("src") || undefined;
    }
    set src(value) {
      this.setAttribute("src", value);
    }
    get contentWindow() {
      return null;
    }
    _titleBar() {
      return Array.prototype.filter.call(this.children, function (child) {
        return child.localName === "ui-title-bar";
      })[0];
    }
    _render() {
      if (!this._dialog) return;
      var titleBar = this._titleBar();
      this._dialog.setTitle(titleBar ? titleBar.getAttribute("title") : "");
      var buttons = actionsOf(titleBar).map(mirror);
      // Secondary actions first, the primary one last (rightmost), as admin's modals lay them out.
      buttons.sort(function (a, b) {
        var pa =
          a.classList.contains("ab-button--primary") || (a.classList.contains("ab-button--critical") && a.classList.contains("ab-button--primary"));
        var pb =
          b.classList.contains("ab-button--primary") || (b.classList.contains("ab-button--critical") && b.classList.contains("ab-button--primary"));
        return Number(pa) - Number(pb);
      });
      this._dialog.setFooter(buttons);
    }
    show() {
      if (this._dialog) return Promise.resolve();
      this._dialog = openDialog({
        title: "",
        size: this.variant,
        // The app's content brings its own padding, as inside admin's modal.
        padded: false,
        body: this._content,
        onDismiss: () => {
          this.hide();
        },
      });
      this._render();
      this._observer.observe(this, { subtree: true, childList: true, attributes: true, characterData: true });
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      if (!this._dialog) return Promise.resolve();
      this._observer.disconnect();
      var dialog = this._dialog;
      this._dialog = null;
      dialog.close();
      this.dispatchEvent(new Event("hide"));
      return Promise.resolve();
    }
    toggle() {
      return this._dialog ? this.hide() : this.show();
    }
    disconnectedCallback() {
      this.hide();
    }
  }

  /** Inert here: in admin these draw the page's title bar and the app's menu, which the demo's shell draws itself. */
  class UITitleBar extends HTMLElement {}
  class UINavMenu extends HTMLElement {}

  function byId(kind, id) {
    var node = document.getElementById(id);
    if (!node || node.localName !== kind) throw new Error("No <" + kind + '> with id "' + id + '"');
    return node;
  }

  // ---------------------------------------------------------------- resource picker
  function gid(kind, value) {
    return typeof value === "string" ? value : String(value && value.id);
  }

  function quote(text) {
    return (
      '"' +
      text.replace(/["\\]/g, function (c) {
        return "\\" + c;
      }) +
      '"'
    );
  }

  /** The merchant's words as Shopify search: a barcode (8–14 digits) by barcode, anything else by title or SKU. */
  function searchTerms(text) {
    var trimmed = text.trim();
    if (!trimmed) return "";
    return /^\d{8,14}$/.test(trimmed) ? "barcode:" + quote(trimmed) : quote(trimmed);
  }

  function money(amount) {
    var number = Number(amount);
    return isFinite(number) ? number.toFixed(2) : String(amount);
  }

  function variantPayload(variant, product, position) {
    return {
      id: variant.id,
      title: variant.title,
      displayName: variant.displayName,
      sku: variant.sku,
      barcode: variant.barcode,
      price: variant.price,
      compareAtPrice: null,
      image: null,
      position: position + 1,
      availableForSale: product.status === "ACTIVE",
      selectedOptions: [],
      product: { id: product.id, title: product.title, handle: product.handle, vendor: product.vendor, status: product.status },
    };
  }

  function productPayload(product, variants) {
    return {
      id: product.id,
      title: product.title,
      handle: product.handle,
      vendor: product.vendor,
      status: product.status,
      tags: product.tags.slice(),
      images: [],
      options: [],
      productType: "",
      hasOnlyDefaultVariant: isDefaultOnly(product),
      totalVariants: product.variants.length,
      variants: variants.map(function (variant) {
        return variantPayload(variant, product, product.variants.indexOf(variant));
      }),
    };
  }

  function isDefaultOnly(product) {
    return product.variants.length === 1 && product.variants[0].title === "Default Title";
  }

  function limitOf(multiple) {
    if (multiple === true) return Infinity;
    if (typeof multiple === "number" && multiple > 0) return multiple;
    return 1;
  }

  function resourcePicker(options) {
    options = options || {};
    var type = options.type === "variant" ? "variant" : options.type === "product" ? "product" : null;
    if (!type) return Promise.reject(new Error("resourcePicker: type must be 'product' or 'variant' in the demo"));
    var filter = options.filter || {};
    var withVariants = type === "variant" || filter.variants !== false;
    var limit = limitOf(options.multiple);
    var noun = type === "variant" ? "variant" : "product";
    var hiddenQuery = typeof filter.query === "string" ? filter.query.trim() : "";

    // Selection: product ids (product picker without variants), else variant ids; products seen, by id.
    var selectedProducts = new Set();
    var selectedVariants = new Set();
    var wholeProducts = new Set(); // preselected products given without variants: all their variants, once loaded
    (options.selectionIds || []).forEach(function (resource) {
      if (!resource || !resource.id) return;
      if (type === "variant") selectedVariants.add(resource.id);
      else if (!withVariants) selectedProducts.add(resource.id);
      else if (resource.variants && resource.variants.length)
        resource.variants.forEach(function (v) {
          selectedVariants.add(gid("ProductVariant", v));
        });
      else wholeProducts.add(resource.id);
    });
    var products = new Map();
    var order = [];
    var nextCursor = null;
    var loading = false;
    var requestNumber = 0;

    return new Promise(function (resolve) {
      var search = el("input", {
        type: "search",
        className: "ab-search",
        placeholder: "Search " + noun + "s",
        "aria-label": "Search " + noun + "s",
        autocomplete: "off",
        value: options.query || "",
      });
      search.value = options.query || "";
      var list = el("ul", { className: "ab-picker__list", "aria-label": noun === "variant" ? "Variants" : "Products" });
      var body = el("div", {}, [el("div", { className: "ab-picker__search" }, [search]), list]);
      var note = el("span", { className: "ab-dialog__footer-note", "aria-live": "polite" });
      var confirm = button(options.action === "select" ? "Select" : "Add", { primary: true, onClick: finish });
      var dialog = openDialog({
        title: (options.action === "select" ? "Select " : "Add ") + noun + (limit === 1 && type === "variant" ? "" : "s"),
        size: "large",
        padded: false,
        body: body,
        initialFocus: search,
        onDismiss: cancel,
      });
      dialog.setFooter([note, button("Cancel", { onClick: cancel }), confirm]);
      dialog.dialog.setAttribute("data-app-bridge-resource-picker", type);

      function cancel() {
        observer.disconnect();
        dialog.close();
        resolve(undefined);
      }

      function count() {
        return type === "product" && !withVariants ? selectedProducts.size : type === "product" ? selectedProductIds().length : selectedVariants.size;
      }

      function selectedProductIds() {
        return order.filter(function (id) {
          return products.get(id).variants.some(function (v) {
            return selectedVariants.has(v.id);
          });
        });
      }

      function updateFooter() {
        var n = count();
        note.textContent = n === 0 ? "" : n + " " + noun + (n === 1 ? "" : "s") + " selected";
        confirm.disabled = n === 0;
      }

      function finish() {
        var selection;
        if (type === "variant") {
          selection = [];
          order.forEach(function (id) {
            var product = products.get(id);
            product.variants.forEach(function (variant, index) {
              if (selectedVariants.has(variant.id)) selection.push(variantPayload(variant, product, index));
            });
          });
        } else if (!withVariants) {
          selection = order
            .filter(function (id) {
              return selectedProducts.has(id);
            })
            .map(function (id) {
              var product = products.get(id);
              return productPayload(product, product.variants);
            });
        } else {
          selection = selectedProductIds().map(function (id) {
            var product = products.get(id);
            return productPayload(
              product,
              product.variants.filter(function (v) {
                return selectedVariants.has(v.id);
              }),
            );
          });
        }
        if (selection.length === 0) return;
        observer.disconnect();
        dialog.close();
        var payload = selection.slice();
        Object.defineProperty(payload, "selection", { value: selection, enumerable: false });
        resolve(payload);
      }

      /** Checks or unchecks: one product (all its variants) or one variant, within the picker's limit. */
      function toggle(kind, id, on) {
        if (kind === "product" && !withVariants) {
          if (on && limit === 1) selectedProducts.clear();
          if (on && selectedProducts.size >= limit) return render();
          if (on) selectedProducts.add(id);
          else selectedProducts.delete(id);
        } else if (kind === "product") {
          var product = products.get(id);
          if (on && limit === 1 && type === "variant") {
            selectedVariants.clear();
            selectedVariants.add(product.variants[0].id);
            return render();
          }
          if (on && limit === 1) selectedVariants.clear();
          if (
            on &&
            type === "product" &&
            selectedProductIds().length >= limit &&
            !product.variants.some(function (v) {
              return selectedVariants.has(v.id);
            })
          )
            return render();
          product.variants.forEach(function (variant) {
            if (on && type === "variant" && selectedVariants.size >= limit) return;
            if (on) selectedVariants.add(variant.id);
            else selectedVariants.delete(variant.id);
          });
        } else {
          var owner = products.get(id.productId);
          if (on && limit === 1 && type === "variant") selectedVariants.clear();
          // A product picker with one product allowed still takes several variants of that product.
          if (on && limit === 1 && type === "product") {
            Array.from(selectedVariants).forEach(function (variantId) {
              if (
                !owner.variants.some(function (v) {
                  return v.id === variantId;
                })
              )
                selectedVariants.delete(variantId);
            });
          }
          if (on && type === "variant" && selectedVariants.size >= limit) return render();
          if (
            on &&
            type === "product" &&
            selectedProductIds().length >= limit &&
            !owner.variants.some(function (v) {
              return selectedVariants.has(v.id);
            })
          )
            return render();
          if (on) selectedVariants.add(id.variantId);
          else selectedVariants.delete(id.variantId);
        }
        render();
      }

      function checkbox(label, checked, indeterminate, onChange) {
        var box = el("input", { type: "checkbox", className: "ab-check", "aria-label": label });
        box.checked = checked;
        box.indeterminate = indeterminate;
        box.addEventListener("change", function () {
          onChange(box.checked);
        });
        return box;
      }

      function row(options, children) {
        var node = el("li", { className: "ab-picker__row" + (options.variant ? " ab-picker__row--variant" : "") }, children);
        // The whole row toggles, as in admin; the checkbox itself stays the keyboard's target.
        node.addEventListener("click", function (event) {
          if (event.target instanceof HTMLInputElement) return;
          var box = node.querySelector("input");
          if (box) box.click();
        });
        return node;
      }

      function render() {
        var focusedLabel = document.activeElement && list.contains(document.activeElement) ? document.activeElement.getAttribute("aria-label") : null;
        var rows = [];
        order.forEach(function (id) {
          var product = products.get(id);
          var variantIds = product.variants.map(function (v) {
            return v.id;
          });
          var chosen = variantIds.filter(function (v) {
            return selectedVariants.has(v);
          }).length;
          var checked = withVariants ? chosen === variantIds.length && chosen > 0 : selectedProducts.has(id);
          var partly = withVariants && chosen > 0 && chosen < variantIds.length;
          var variantsText = isDefaultOnly(product)
            ? product.variants[0].sku
              ? "SKU " + product.variants[0].sku
              : ""
            : product.variants.length + " variants";
          rows.push(
            row({}, [
              checkbox(product.title, checked, partly, function (on) {
                toggle("product", id, on);
              }),
              el("span", { className: "ab-picker__thumb", html: ICONS.image }),
              el("span", { className: "ab-picker__text" }, [
                el("div", { className: "ab-picker__title", text: product.title }),
                el("div", { className: "ab-picker__detail", text: [product.vendor, variantsText].filter(Boolean).join(" · ") }),
              ]),
              isDefaultOnly(product) ? el("span", { className: "ab-picker__price", text: money(product.variants[0].price) }) : null,
            ]),
          );
          if (!withVariants || isDefaultOnly(product)) return;
          product.variants.forEach(function (variant) {
            rows.push(
              row({ variant: true }, [
                checkbox(product.title + " – " + variant.title, selectedVariants.has(variant.id), false, function (on) {
                  toggle("variant", { productId: id, variantId: variant.id }, on);
                }),
                el("span", { className: "ab-picker__text" }, [
                  el("div", { text: variant.title }),
                  el("div", {
                    className: "ab-picker__detail",
                    text: [variant.sku ? "SKU " + variant.sku : null, variant.barcode ? "Barcode " + variant.barcode : null]
                      .filter(Boolean)
                      .join(" · "),
                  }),
                ]),
                el("span", { className: "ab-picker__price", text: money(variant.price) }),
              ]),
            );
          });
        });
        if (loading) rows.push(el("li", { className: "ab-picker__status", role: "status", text: "Loading " + noun + "s…" }));
        else if (order.length === 0)
          rows.push(
            el("li", {
              className: "ab-picker__status",
              text: "No " + noun + "s found" + (search.value.trim() ? " for “" + search.value.trim() + "”" : ""),
            }),
          );
        else if (nextCursor)
          rows.push(
            el("li", { className: "ab-picker__more" }, [
              button("Load more " + noun + "s", {
                onClick: function () {
                  load(false);
                },
              }),
            ]),
          );
        list.replaceChildren.apply(list, rows);
        list.setAttribute("aria-busy", loading ? "true" : "false");
        if (focusedLabel) {
          var again = Array.prototype.filter.call(list.querySelectorAll("input, button"), function (node) {
            return node.getAttribute("aria-label") === focusedLabel;
          })[0];
          if (again) again.focus();
        }
        updateFooter();
        var more = list.querySelector(".ab-picker__more");
        observer.disconnect();
        if (more) observer.observe(more);
      }

      // The next page loads when the list is scrolled to its end (or "Load more" is pressed).
      var observer = new IntersectionObserver(
        function (entries) {
          if (
            entries.some(function (entry) {
              return entry.isIntersecting;
            }) &&
            !loading &&
            nextCursor
          )
            load(false);
        },
        { root: list },
      );

      function load(fresh) {
        requestNumber += 1;
        var mine = requestNumber;
        if (fresh) {
          products.clear();
          order = [];
          nextCursor = null;
        }
        loading = true;
        render();
        var query = [hiddenQuery, searchTerms(search.value)].filter(Boolean).join(" ");
        var params = new URLSearchParams({ query: query });
        if (!fresh && nextCursor) params.set("after", nextCursor);
        fetch(PICKER_URL + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            return response.json().then(function (data) {
              if (!response.ok) throw new Error(data && data.error ? data.error : "The search failed (" + response.status + ").");
              return data;
            });
          })
          .then(function (data) {
            if (mine !== requestNumber) return;
            data.products.forEach(function (product) {
              if (products.has(product.id)) return;
              products.set(product.id, product);
              order.push(product.id);
              if (wholeProducts.has(product.id))
                product.variants.forEach(function (v) {
                  selectedVariants.add(v.id);
                });
            });
            nextCursor = data.nextCursor;
            loading = false;
            render();
          })
          .catch(function (error) {
            if (mine !== requestNumber) return;
            loading = false;
            render();
            list.replaceChildren(el("li", { className: "ab-picker__status", role: "alert", text: error.message }));
          });
      }

      var debounce = null;
      search.addEventListener("input", function () {
        clearTimeout(debounce);
        debounce = setTimeout(function () {
          load(true);
        }, 250);
      });
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          clearTimeout(debounce);
          load(true);
        } else if (event.key === "ArrowDown") {
          var first = list.querySelector("input, button");
          if (first) {
            event.preventDefault();
            first.focus();
          }
        }
      });
      // Arrow keys move between the rows' checkboxes; Space checks (the browser's own).
      list.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
        var targets = Array.prototype.slice.call(list.querySelectorAll("input, button"));
        var index = targets.indexOf(document.activeElement);
        if (index < 0) return;
        event.preventDefault();
        var next = targets[index + (event.key === "ArrowDown" ? 1 : -1)];
        if (next) next.focus();
        else if (event.key === "ArrowUp") search.focus();
      });

      load(true);
    });
  }

  // ---------------------------------------------------------------- loading
  var loadingBar = null;
  /** shopify.loading(true) shows admin's loading bar, shopify.loading(false) hides it; no argument means true. */
  function setLoading(on) {
    if (on === false) {
      if (loadingBar) loadingBar.remove();
      loadingBar = null;
      return;
    }
    ensureLayer();
    if (loadingBar && loadingBar.isConnected) return;
    loadingBar = el("div", { className: "ab-loading", role: "progressbar", "aria-label": "Loading", "data-app-bridge-loading": "" });
    layer.appendChild(loadingBar);
  }

  // ---------------------------------------------------------------- the global
  customElements.define("ui-save-bar", UISaveBar);
  customElements.define("ui-modal", UIModal);
  customElements.define("ui-title-bar", UITitleBar);
  customElements.define("ui-nav-menu", UINavMenu);

  window.shopify = {
    config: { apiKey: apiKeyMeta ? apiKeyMeta.getAttribute("content") : "", shop: undefined, locale: document.documentElement.lang || "en" },
    environment: { embedded: false, mobile: false, pos: false },
    loading: setLoading,
    toast: { show: showToast, hide: hideToast },
    saveBar: {
      show: function (id) {
        return byId("ui-save-bar", id).show();
      },
      hide: function (id) {
        return byId("ui-save-bar", id).hide();
      },
      toggle: function (id) {
        return byId("ui-save-bar", id).toggle();
      },
      leaveConfirmation: leaveConfirmation,
    },
    modal: {
      show: function (id) {
        return byId("ui-modal", id).show();
      },
      hide: function (id) {
        return byId("ui-modal", id).hide();
      },
      toggle: function (id) {
        return byId("ui-modal", id).toggle();
      },
    },
    resourcePicker: resourcePicker,
  };
})();
