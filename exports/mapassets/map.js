// Interactive cluster map: legend with filters, search, side panel, physics switch.
// Every text that comes from articles reaches the DOM through textContent only.
(function () {
  "use strict";

  var payload = JSON.parse(document.getElementById("map-payload").textContent);
  var ui = payload.labels.ui;
  var container = document.getElementById("mynetwork");
  var panelBody = document.getElementById("panel-body");
  var N = payload.nodes, E = payload.edges;  // column tables: N.name[i] is node i's name
  var styles = payload.styles;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function tipElement(text) {
    var div = el("div", "map-tip", text);
    div.style.whiteSpace = "pre-line";
    return div;
  }

  // ---- records for vis, each drawn with its type's style ------------------------------------
  var nodeAt = {}, edgeAt = {}, typeOf = {};
  function nodeId(ref) { return typeof ref === "number" ? N.id[ref] : ref; }
  function nodeName(ref) { return typeof ref === "number" ? N.name[ref] : ref; }

  function nodeTip(i) {
    var type = payload.type_order[N.type[i]];
    var lines = [N.name[i], payload.labels.entity_types[type]];
    if (N.aliases[i].length) lines.push(ui.aliases + ": " + N.aliases[i].slice(0, 5).join("; "));
    if (N.first[i]) lines.push(N.first[i] + " – " + N.last[i]);
    return lines.join("\n");
  }

  var nodeRecords = N.id.map(function (id, i) {
    var type = payload.type_order[N.type[i]];
    var style = styles.entities[type];
    var cluster = type === "Cluster";
    nodeAt[id] = i;
    typeOf[id] = type;
    var node = {
      id: id, label: N.label[i] === null ? N.name[i] : N.label[i], etype: type, x: N.x[i], y: N.y[i],
      shape: style.shape, size: N.size[i],
      color: { background: style.color, border: style.border, highlight: { background: style.color, border: "#111111" } },
      borderWidth: cluster ? 3 : 1.5, title: tipElement(nodeTip(i)),
    };
    if (style.dashed) node.shapeProperties = { borderDashes: [4, 3] };
    if (cluster) { node.font = Object.assign({}, styles.cluster_font); node.mass = 3; }
    return node;
  });
  // vis draws nodes in DataSet order: clusters last, so they stay on top in a crowded map.
  nodeRecords.sort(function (a, b) { return (a.etype === "Cluster") - (b.etype === "Cluster"); });
  var edgeRecords = E.id.map(function (id, i) {
    var type = payload.relation_order[E.type[i]];
    var style = styles.relations[type];
    edgeAt[id] = i;
    var edge = {
      id: id, from: nodeId(E.from[i]), to: nodeId(E.to[i]), rtype: type,
      color: { color: style.color, highlight: style.color, hover: style.color, opacity: 0.85 },
      width: style.width, dashes: style.dashes || false, arrows: { to: { enabled: style.arrow, scaleFactor: 0.6 } },
    };
    if (E.tip && E.tip[i]) edge.title = tipElement(E.tip[i]);
    return edge;
  });

  // The evidence table is parsed when the panel first needs it, not before the first draw.
  var evidenceTable = null;
  function evidence() {
    if (!evidenceTable) evidenceTable = JSON.parse(document.getElementById("map-evidence").textContent);
    return evidenceTable;
  }

  var shownTypes = new Set(Object.keys(payload.counts.entities));
  var shownRelations = new Set(Object.keys(payload.counts.relations));
  var nodes = new vis.DataSet(nodeRecords);
  var edges = new vis.DataSet(edgeRecords);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownTypes.has(n.etype); } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return shownRelations.has(e.rtype) && shownTypes.has(typeOf[e.from]) && shownTypes.has(typeOf[e.to]);
    },
  });
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, payload.options);

  var state = { firstDrawAt: null, clicks: 0 };
  network.once("afterDrawing", function () {
    state.firstDrawAt = performance.now();
    // The initial fit counts node centres only; leave room for the labels at the edges.
    network.moveTo({ scale: network.getScale() * 0.9 });
    document.body.setAttribute("data-drawn", "1");
  });

  // ---- legend with filters ---------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function shapeSwatch(style) {
    var icon = svg("svg", { width: 20, height: 20, viewBox: "-10 -10 20 20" });
    var paint = { fill: style.color, stroke: style.border, "stroke-width": 1.5 };
    if (style.dashed) paint["stroke-dasharray"] = "3 2";
    var shape;
    switch (style.shape) {
      case "star":
        shape = svg("polygon", Object.assign({ points: starPoints(8.5, 3.6) }, paint)); break;
      case "triangle":
        shape = svg("polygon", Object.assign({ points: "0,-8 8,7 -8,7" }, paint)); break;
      case "triangleDown":
        shape = svg("polygon", Object.assign({ points: "0,8 8,-7 -8,-7" }, paint)); break;
      case "diamond":
        shape = svg("polygon", Object.assign({ points: "0,-8.5 8.5,0 0,8.5 -8.5,0" }, paint)); break;
      case "hexagon":
        shape = svg("polygon", Object.assign({ points: "8,0 4,-7 -4,-7 -8,0 -4,7 4,7" }, paint)); break;
      case "square":
        shape = svg("rect", Object.assign({ x: -7, y: -7, width: 14, height: 14 }, paint)); break;
      default:
        shape = svg("circle", Object.assign({ r: 7.5 }, paint));
    }
    icon.appendChild(shape);
    return icon;
  }

  function starPoints(outer, inner) {
    var points = [];
    for (var i = 0; i < 10; i++) {
      var r = i % 2 ? inner : outer;
      var a = (Math.PI / 5) * i - Math.PI / 2;
      points.push((r * Math.cos(a)).toFixed(2) + "," + (r * Math.sin(a)).toFixed(2));
    }
    return points.join(" ");
  }

  function lineSwatch(style) {
    var icon = svg("svg", { width: 34, height: 14, viewBox: "0 0 34 14" });
    var line = svg("line", { x1: 1, y1: 7, x2: style.arrow ? 25 : 33, y2: 7, stroke: style.color, "stroke-width": Math.max(2, style.width) });
    if (style.dashes) line.setAttribute("stroke-dasharray", style.dashes.join(" "));
    icon.appendChild(line);
    if (style.arrow) icon.appendChild(svg("polygon", { points: "24,2 33,7 24,12", fill: style.color }));
    return icon;
  }

  function refreshViews() {
    // Keep where nodes are now (dragged or moved by physics) for when they come back.
    var positions = network.getPositions();
    nodes.update(Object.keys(positions).map(function (id) { return { id: id, x: positions[id].x, y: positions[id].y }; }));
    nodeView.refresh();
    edgeView.refresh();
  }

  function legendRow(holder, kind, key, swatch, label, count) {
    var row = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-" + kind, key);
    box.addEventListener("change", function () {
      var set = kind === "etype" ? shownTypes : shownRelations;
      if (box.checked) set.add(key); else set.delete(key);
      refreshViews();
    });
    row.appendChild(box);
    row.appendChild(swatch);
    row.appendChild(el("span", "name", label));
    row.appendChild(el("span", "count", count));
    holder.appendChild(row);
  }

  var entityLegend = document.getElementById("legend-entities");
  payload.type_order.forEach(function (type) {
    if (!payload.counts.entities[type]) return;
    legendRow(entityLegend, "etype", type, shapeSwatch(payload.styles.entities[type]),
      payload.labels.entity_types[type], payload.counts.entities[type]);
  });
  var relationLegend = document.getElementById("legend-relations");
  payload.relation_order.forEach(function (type) {
    if (!payload.counts.relations[type]) return;
    legendRow(relationLegend, "rtype", type, lineSwatch(payload.styles.relations[type]),
      payload.labels.relation_types[type], payload.counts.relations[type]);
  });

  document.getElementById("physics-toggle").addEventListener("change", function (event) {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });

  // ---- side panel --------------------------------------------------------------------------
  function dateText(day) { return day || ui.unknown_date; }

  function definitionList(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", null, row[1]));
    });
    return dl;
  }

  function typeBadge(type) {
    var badge = el("div", "type");
    badge.appendChild(shapeSwatch(payload.styles.entities[type]));
    badge.appendChild(el("span", null, payload.labels.entity_types[type]));
    return badge;
  }

  function safeHref(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function evidenceItems(holder, edgeIndex, limit) {
    var table = evidence();
    var rows = table.edges[edgeIndex];
    rows.slice(0, limit).forEach(function (ev) {
      holder.appendChild(el("blockquote", null, table.sentences[ev[0]]));
      var row = typeof ev[1] === "number" ? table.articles[ev[1]] : [];
      var article = { title: row[0], outlet: row[1], published: row[2], url: row[3] };
      var source = el("div", "source");
      var parts = [article.title, article.outlet, dateText(ev[2] || article.published)].filter(Boolean);
      source.appendChild(el("span", null, parts.join(" · ")));
      var href = safeHref(article.url);
      if (href) {
        source.appendChild(document.createTextNode(" · "));
        var link = el("a", null, ui.open_article);
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        source.appendChild(link);
      }
      holder.appendChild(source);
    });
    var rest = E.evidence_total[edgeIndex] - Math.min(limit, rows.length);
    if (rest > 0) holder.appendChild(el("div", "source", ui.more + " " + rest));
  }

  function showNode(id) {
    var i = nodeAt[id];
    if (i === undefined) return;
    var type = payload.type_order[N.type[i]];
    panelBody.textContent = "";
    panelBody.setAttribute("data-node", id);
    panelBody.removeAttribute("data-edge");
    panelBody.appendChild(el("h3", null, N.name[i]));
    panelBody.appendChild(typeBadge(type));
    var attrs = N.attributes[i] || {};
    var attributes = Object.keys(attrs).map(function (k) { return k + ": " + attrs[k]; });
    panelBody.appendChild(definitionList([
      [ui.aliases, N.aliases[i].join("; ")],
      [ui.first_seen, N.first[i]],
      [ui.last_seen, N.last[i]],
      [ui.articles, N.articles[i]],
      [ui.attributes, attributes.join("; ")],
    ]));
    if (N.posts[i].length) {
      var official = type === "Official";
      panelBody.appendChild(el("h2", null, official ? ui.posts : ui.officials));
      var list = el("ul");
      N.posts[i].forEach(function (p) {  // [post, where, who]
        var text = official ? [p[0], p[1]] : [p[2], p[0]];
        list.appendChild(el("li", null, text.filter(Boolean).join(", ")));
      });
      panelBody.appendChild(list);
    }
    if (N.relations[i].length) panelBody.appendChild(el("h2", null, ui.relations + " · " + ui.evidence));
    N.relations[i].forEach(function (e) {
      var outgoing = nodeId(E.from[e]) === id;
      var other = outgoing ? E.to[e] : E.from[e];
      var otherId = nodeId(other);
      var head = el("div", "relation");
      var verb = payload.labels.relation_types[payload.relation_order[E.type[e]]];
      if (outgoing) {
        head.appendChild(el("span", null, verb + " → "));
      } else {
        head.appendChild(el("span", null, "← " + verb + " ← "));
      }
      var link = el("a", null, nodeName(other));
      link.addEventListener("click", function () { focusNode(otherId); });
      head.appendChild(link);
      var post = E.attributes[e] && E.attributes[e].post;
      if (post) head.appendChild(el("span", null, " (" + post + ")"));
      panelBody.appendChild(head);
      evidenceItems(panelBody, e, 3);
    });
  }

  function showEdge(id) {
    var e = edgeAt[id];
    if (e === undefined) return;
    panelBody.textContent = "";
    panelBody.setAttribute("data-edge", id);
    panelBody.removeAttribute("data-node");
    var verb = payload.labels.relation_types[payload.relation_order[E.type[e]]];
    panelBody.appendChild(el("h3", null, nodeName(E.from[e]) + " — " + verb + " — " + nodeName(E.to[e])));
    panelBody.appendChild(definitionList([
      [ui.post, E.attributes[e] && E.attributes[e].post],
      [ui.confidence, E.confidence[e]],
      [ui.first_seen, E.first[e]],
      [ui.last_seen, E.last[e]],
    ]));
    panelBody.appendChild(el("h2", null, ui.evidence + " (" + E.evidence_total[e] + ")"));
    evidenceItems(panelBody, e, evidence().edges[e].length);
  }

  network.on("click", function (params) {
    state.clicks += 1;
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- search ------------------------------------------------------------------------------
  function fold(text) {
    return String(text).toLowerCase().replace(/ё/g, "е").replace(/["'«»„“”‘’`\-‐‑‒–—―]/g, "").replace(/\s+/g, " ").trim();
  }
  var searchIndex = null;  // built on the first search
  function index() {
    if (!searchIndex) {
      searchIndex = N.id.map(function (id, i) {
        return { id: id, keys: [N.name[i]].concat(N.aliases[i]).map(fold), name: N.name[i], type: payload.type_order[N.type[i]] };
      });
    }
    return searchIndex;
  }

  function findNodes(query) {
    var q = fold(query);
    if (!q) return [];
    var exact = [], prefix = [], inside = [];
    index().forEach(function (item) {
      if (item.keys.some(function (k) { return k === q; })) exact.push(item);
      else if (item.keys.some(function (k) { return k.indexOf(q) === 0; })) prefix.push(item);
      else if (item.keys.some(function (k) { return k.indexOf(q) >= 0; })) inside.push(item);
    });
    return exact.concat(prefix, inside).slice(0, 12);
  }

  function focusNode(id) {
    var type = typeOf[id];
    if (!shownTypes.has(type)) {
      shownTypes.add(type);
      var box = document.querySelector('input[data-etype="' + type + '"]');
      if (box) box.checked = true;
      refreshViews();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  function showResults() {
    var found = findNodes(input.value);
    results.textContent = "";
    if (!input.value.trim()) { results.hidden = true; return found; }
    if (!found.length) results.appendChild(el("li", null, ui.not_found));
    found.forEach(function (item) {
      var li = el("li", null, item.name);
      li.appendChild(el("small", null, payload.labels.entity_types[item.type]));
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        results.hidden = true;
        focusNode(item.id);
      });
      results.appendChild(li);
    });
    results.hidden = false;
    return found;
  }
  function searchNow() {
    var found = showResults();
    if (found.length) { results.hidden = true; focusNode(found[0].id); }
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") searchNow(); });
  input.addEventListener("blur", function () { results.hidden = true; });
  document.getElementById("search-button").addEventListener("click", searchNow);

  window.clusterMap = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    state: state, focusNode: focusNode, findNodes: findNodes,
  };
})();
