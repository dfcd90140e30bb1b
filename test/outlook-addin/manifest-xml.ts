import { parseStringPromise } from "xml2js";
import { renderManifest } from "../../api/src/outlook/manifest";

/** An XML element as xml2js reads it: attributes under `$`, children by name, text under `_`. */
export type XmlNode = { $?: Record<string, string>; _?: string } & { [child: string]: XmlNode[] | unknown };

export async function parseManifest(xml: string): Promise<XmlNode> {
  const parsed = (await parseStringPromise(xml)) as { OfficeApp: XmlNode };
  return parsed.OfficeApp;
}

export function loadManifest(publicUrl: string): Promise<XmlNode> {
  return parseManifest(renderManifest(publicUrl));
}

/** Every element named `name` anywhere below `node` (prefixes included in names, e.g. `bt:Url`). */
export function findAll(node: XmlNode, name: string): XmlNode[] {
  const found: XmlNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "$" || key === "_" || !Array.isArray(value)) continue;
    for (const child of value as (XmlNode | string)[]) {
      // an element with only text reads as a string: it has no children to look into
      if (typeof child === "string") {
        if (key === name) found.push({ _: child });
        continue;
      }
      if (key === name) found.push(child);
      found.push(...findAll(child, name));
    }
  }
  return found;
}

export function launchEventFunctions(manifest: XmlNode): string[] {
  return findAll(manifest, "LaunchEvent").map((event) => event.$!.FunctionName!);
}
