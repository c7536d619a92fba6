// The timeline under the map: events per bin, stacked by actor, and a brush that sets the date filter.
// A Streamlit inline component (st.components.v2): the page draws it with this script alone, no Vega
// (whose bundle, 0.8 MB, the browser had to load and compile before the first screen settled).
//
// data (geo.render.charts.timeline_data): {unit: "day" | "week" | "month", per: "events per day",
//   actors: [name, ...], colours: [css colour, ...], start: ["YYYY-MM-DD", ...], end: [...] (the next
//   bin's start), actor: [index into actors, ...], events: [count, ...]}, rows ordered by start, then actor.
// A brush sends the trigger "dates": {start: [t0, t1]}, milliseconds since 1970 in UTC (the shape
// geo.render.charts.brushed_dates reads). Names reach the page as text nodes only, never as markup.
// Dates are UTC days throughout, so a bar names the report's day in every time zone.

const SVG = "http://www.w3.org/2000/svg";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86400000;
const HEIGHT = 200, LEFT = 44, RIGHT = 8, TOP = 8, BOTTOM = 24, LABEL_PX = 64;

function utcDay(text) {
    const [year, month, day] = text.split("-").map(Number);
    return Date.UTC(year, month - 1, day);
}

function shortDate(ms, unit) {
    const d = new Date(ms);
    return unit === "month" ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

function longDate(ms) {
    const d = new Date(ms);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function add(parent, name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    parent.appendChild(element);
    return element;
}

function nextBin(ms, unit) {
    if (unit === "day") return ms + DAY_MS;
    if (unit === "week") return ms + 7 * DAY_MS;
    const d = new Date(ms);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

// Bin starts from first to last, thinned to one label every LABEL_PX pixels at the least.
function dateTicks(first, last, unit, width) {
    const all = [];
    for (let t = first; t < last; t = nextBin(t, unit)) all.push(t);
    const every = Math.max(1, Math.ceil(all.length / Math.max(1, Math.floor(width / LABEL_PX))));
    return all.filter((_, i) => i % every === 0);
}

function countTicks(most) {
    const step = Math.max(1, Math.ceil(most / 4));
    const ticks = [];
    for (let v = 0; v <= most; v += step) ticks.push(v);
    return ticks;
}

function draw(root) {
    const data = root.geoData;
    const width = Math.max(root.clientWidth - 170, 240);  // the legend beside it
    if (root.geoWidth === width && root.geoDrawn === data) return;
    root.geoWidth = width;
    root.geoDrawn = data;
    root.replaceChildren();
    const starts = data.start.map(utcDay), ends = data.end.map(utcDay);
    const first = Math.min(...starts), last = Math.max(...ends);
    // At least seven bins wide, the bars round the middle: one day's events are not a band across the page.
    const least = 7 * (data.unit === "day" ? 1 : data.unit === "week" ? 7 : 30.44) * DAY_MS;
    const pad = Math.max(0, least - (last - first)) / 2, low = first - pad, high = last + pad;
    const totals = new Map();
    const below = starts.map((start, i) => {
        const under = totals.get(start) || 0;
        totals.set(start, under + data.events[i]);
        return under;
    });
    const most = Math.max(1, ...totals.values());
    const plotWidth = width - LEFT - RIGHT, plotHeight = HEIGHT - TOP - BOTTOM;
    const x = t => LEFT + (t - low) / (high - low) * plotWidth;
    const y = v => TOP + plotHeight - v / most * plotHeight;

    const svg = add(root, "svg", {width, height: HEIGHT, class: "geo-timeline-plot", role: "img",
                                  "aria-label": `Timeline: ${data.per}, stacked by actor`});
    for (const v of countTicks(most)) {
        add(svg, "line", {x1: LEFT, x2: width - RIGHT, y1: y(v), y2: y(v), class: "geo-grid"});
        add(svg, "text", {x: LEFT - 6, y: y(v) + 4, "text-anchor": "end"}, String(v));
    }
    add(svg, "text", {transform: `translate(12 ${TOP + plotHeight / 2}) rotate(-90)`, "text-anchor": "middle"},
        data.per);
    for (const t of dateTicks(first, last, data.unit, plotWidth)) {
        add(svg, "line", {x1: x(t), x2: x(t), y1: TOP + plotHeight, y2: TOP + plotHeight + 4, class: "geo-tick"});
        add(svg, "text", {x: x(t), y: HEIGHT - 6, "text-anchor": "middle"}, shortDate(t, data.unit));
    }
    add(svg, "line", {x1: LEFT, x2: width - RIGHT, y1: TOP + plotHeight, y2: TOP + plotHeight, class: "geo-tick"});
    starts.forEach((start, i) => {
        const bar = add(svg, "rect", {x: x(start), y: y(below[i] + data.events[i]),
                                      width: Math.max(1, x(ends[i]) - x(start)), height: y(below[i]) - y(below[i] + data.events[i]),
                                      fill: data.colours[data.actor[i]], class: "geo-bar"});
        const events = data.events[i];
        add(bar, "title", {}, `${data.unit} of ${longDate(start)} · ${data.actors[data.actor[i]]} · ` +
                              `${events} event${events === 1 ? "" : "s"}`);
    });

    // The brush: drag across the plot; a range of at least 3 pixels becomes the date filter.
    const band = add(svg, "rect", {y: TOP, height: plotHeight, width: 0, class: "geo-brush"});
    const time = px => low + (Math.min(Math.max(px, LEFT), width - RIGHT) - LEFT) / plotWidth * (high - low);
    const at = event => event.clientX - svg.getBoundingClientRect().left;
    let from = null;
    svg.addEventListener("pointerdown", event => {
        from = at(event);
        svg.setPointerCapture(event.pointerId);
        band.setAttribute("x", from);
        band.setAttribute("width", 0);
    });
    svg.addEventListener("pointermove", event => {
        if (from === null) return;
        const to = at(event);
        band.setAttribute("x", Math.min(from, to));
        band.setAttribute("width", Math.abs(to - from));
    });
    svg.addEventListener("pointerup", event => {
        if (from === null) return;
        const to = at(event);
        if (Math.abs(to - from) >= 3) root.geoSend("dates", {start: [time(from), time(to)]});
        from = null;
    });

    const legend = document.createElement("ul");
    legend.className = "geo-timeline-legend";
    data.actors.forEach((name, i) => {
        const item = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.style.background = data.colours[i];
        item.append(swatch, document.createTextNode(name));
        legend.appendChild(item);
    });
    root.appendChild(legend);
}

export default function (component) {
    const { data, parentElement, setTriggerValue } = component;
    let root = parentElement.querySelector(".geo-timeline");
    if (!root) {
        root = document.createElement("div");
        root.className = "geo-timeline";
        parentElement.appendChild(root);
        new ResizeObserver(() => draw(root)).observe(root);  // one observer a chart, across reruns
    }
    root.geoData = data;
    root.geoSend = setTriggerValue;
    draw(root);
}
