/* Numbers as Vietnamese offices type them: the browser's copy of binhdang/lib/numbers.py, so that
   the live sums of the entry page read a cell as the server will save it. Keep the two in step:
   binhdang/reporting/tests/test_journey_numbers.py runs this file on the table of lib/numbers.py
   and compares every reading with the server's. */
(function () {
  "use strict";
  const MAX_LENGTH = 40;

  function grouped(text, separator) {
    const mark = separator === "." ? "\\." : ",";
    return new RegExp("^[1-9][0-9]{0,2}(?:" + mark + "[0-9]{3})+$").test(text);
  }

  function plain(text) {
    if (/^[0-9]+$/.test(text)) return text;
    const dots = (text.match(/\./g) || []).length;
    const commas = (text.match(/,/g) || []).length;
    if (dots && commas) {
      const dotLast = text.lastIndexOf(".") > text.lastIndexOf(",");
      const point = dotLast ? "." : ",";
      const thousands = dotLast ? "," : ".";
      const at = text.lastIndexOf(point);
      const whole = text.slice(0, at);
      const fraction = text.slice(at + 1);
      if ((dotLast ? dots : commas) === 1 && grouped(whole, thousands) && /^[0-9]+$/.test(fraction)) {
        return whole.split(thousands).join("") + "." + fraction;
      }
      return null;
    }
    const separator = dots ? "." : ",";
    if (grouped(text, separator) && (separator === "." || commas > 1)) return text.split(separator).join("");
    if (/^[0-9]+[.,][0-9]+$/.test(text)) return text.replace(",", ".");
    return null;
  }

  /* The number `text` stands for, or null when it is not one; `percent` allows a trailing "%". */
  function parseNumber(text, percent) {
    const trimmed = (text || "").trim();
    if (trimmed.length > 4 * MAX_LENGTH) return null;
    let compact = trimmed.replace(/\s+/g, "").replace(/\u2212/g, "-");
    if (percent && compact.endsWith("%")) compact = compact.slice(0, -1);
    if (!compact || compact.length > MAX_LENGTH) return null;
    let sign = "";
    if (compact[0] === "+" || compact[0] === "-") {
      sign = compact[0] === "-" ? "-" : "";
      compact = compact.slice(1);
    }
    const digits = plain(compact);
    return digits === null ? null : Number(sign + digits);
  }

  window.BinhDangNumbers = { parseNumber };
})();
