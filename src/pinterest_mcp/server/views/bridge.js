/* The MCP Apps side of a view: JSON-RPC 2.0 with the host over postMessage, and DOM helpers.
   Inlined into each view when it is served, so a view loads nothing. Data from Pinterest is only ever
   set as text (textContent, attributes), never parsed as markup. */
var view = (function () {
  "use strict";
  var nextId = 1, pending = {}, handlers = {}, state = { input: null, host: {}, result: null };

  function post(message) { window.parent.postMessage(message, "*"); }

  function request(method, params) {
    var id = nextId++;
    post({ jsonrpc: "2.0", id: id, method: method, params: params || {} });
    return new Promise(function (resolve, reject) { pending[id] = { resolve: resolve, reject: reject }; });
  }

  function notify(method, params) { post({ jsonrpc: "2.0", method: method, params: params || {} }); }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var m = event.data;
    if (!m || m.jsonrpc !== "2.0") return;
    if (!m.method && m.id !== undefined && pending[m.id]) {
      var waiting = pending[m.id];
      delete pending[m.id];
      if (m.error) waiting.reject(m.error); else waiting.resolve(m.result);
      return;
    }
    var handler = m.method && handlers[m.method];
    var answer = handler ? handler(m.params || {}) : undefined;
    if (m.id !== undefined) {
      post(handler ? { jsonrpc: "2.0", id: m.id, result: answer || {} }
                   : { jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "Method not found" } });
    }
  });

  function applyTheme(context) {
    if (context && (context.theme === "light" || context.theme === "dark")) {
      document.documentElement.setAttribute("data-theme", context.theme);
    }
  }

  function resized() {
    var root = document.documentElement;
    notify("ui/notifications/size-changed", { width: root.scrollWidth, height: root.scrollHeight });
  }

  /* An element with attributes and children (strings become text nodes); `text` is never markup. */
  function el(tag, attrs, children) {
    var svg = ["svg", "path", "line", "text", "g", "title", "circle", "rect"].indexOf(tag) >= 0;
    var node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = String(value);
      else if (key.slice(0, 2) === "on" && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "checked") node.checked = true;
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  /* The name of the tool this view shows: the host says so; a plan also names it before its colon. */
  function toolName(data) {
    var info = state.host && state.host.toolInfo;
    if (info && info.tool && info.tool.name) return info.tool.name;
    var plan = data && typeof data.plan === "string" ? data.plan : "";
    var match = /^([a-z0-9_]+):/.exec(plan);
    return match ? match[1] : null;
  }

  /* Connect: ui/initialize, then draw every tool result the host sends. */
  function start(name, draw) {
    handlers["ui/notifications/tool-input"] = function (params) { state.input = params.arguments || {}; };
    handlers["ui/notifications/tool-result"] = function (params) {
      state.result = params;
      draw(params.structuredContent || null, params);
      resized();
    };
    handlers["ui/notifications/host-context-changed"] = function (params) {
      Object.keys(params).forEach(function (k) { state.host[k] = params[k]; });
      applyTheme(params);
    };
    handlers["ui/resource-teardown"] = function () { return {}; };
    request("ui/initialize", {
      protocolVersion: "2026-01-26",
      appInfo: { name: "pinterest-" + name, version: "1" },
      appCapabilities: { availableDisplayModes: ["inline"] }
    }).then(function (result) {
      state.host = (result && result.hostContext) || {};
      applyTheme(state.host);
      notify("ui/notifications/initialized", {});
    }, function () { notify("ui/notifications/initialized", {}); });
  }

  function callTool(name, args) { return request("tools/call", { name: name, arguments: args }); }

  function textOf(result) {
    var blocks = (result && result.content) || [];
    return blocks.filter(function (b) { return b.type === "text"; }).map(function (b) { return b.text; }).join("\n");
  }

  return { start: start, el: el, callTool: callTool, notify: notify, resized: resized, state: state,
           toolName: toolName, textOf: textOf };
})();
