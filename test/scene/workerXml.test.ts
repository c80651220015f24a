// The XML DOM a preparation worker reads COLLADA with (xmldom): the one querySelector form ColladaLoader uses
// ([attr="value"]) finds the element in document order, any other form says it is missing (the file then goes
// to the page), and the global DOMParser is what it was afterwards, also when the work throws.
import { describe, expect, it } from 'vitest';
import { withXmlDom } from '../../src/scene/workerXml';

const XML = '<COLLADA><a id="one"><b sid="joint0"><c sid="deep" id="x"/></b></a><a id="two" sid="deep"/></COLLADA>';

describe('withXmlDom', () => {
  it("finds elements by attribute as the page's querySelector would, on the document and on elements", () => {
    const found = withXmlDom(() => {
      const doc = new DOMParser().parseFromString(XML, 'application/xml');
      const a = doc.querySelector('[id="two"]');
      const deep = doc.querySelector('[sid="deep"]');
      const inTwo = a?.querySelector('[sid="deep"]');
      return {
        a: a?.getAttribute('id'),
        deep: deep?.nodeName,
        parent: deep?.parentElement?.getAttribute('sid'),
        inTwo: inTwo ?? null,
        none: doc.querySelector('[id="three"]'),
      };
    });
    // document order: <c> (inside the first <a>) comes before the second <a>; an element's own attribute does not count
    expect(found).toEqual({ a: 'two', deep: 'c', parent: 'joint0', inTwo: null, none: null });
  });

  it('refuses other selectors by name, and leaves the global DOMParser as it was', () => {
    const g = globalThis as { DOMParser?: unknown };
    const before = g.DOMParser;
    expect(() => withXmlDom(() => new DOMParser().parseFromString(XML, 'application/xml').querySelector('a > b'))).toThrow(
      "the worker's XML reader has no selector a > b",
    );
    expect(g.DOMParser).toBe(before);
    const marker = function Marker() {};
    g.DOMParser = marker;
    try {
      withXmlDom(() => expect(g.DOMParser).not.toBe(marker));
      expect(g.DOMParser).toBe(marker);
    } finally {
      if (before === undefined) delete g.DOMParser;
      else g.DOMParser = before;
    }
  });
});
