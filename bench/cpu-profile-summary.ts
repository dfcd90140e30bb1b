import { readFileSync } from "node:fs";

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const where = (url: string) => {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0)
    return url
      .slice(modules + 13)
      .split("/")
      .slice(0, url.includes("/@", modules) ? 2 : 1)
      .join("/");
  if (url.includes("/api/src/")) return `api/src/${url.split("/api/src/")[1]}`;
  if (url.includes("/bench/")) return `bench/${url.split("/bench/")[1]}`;
  return url.startsWith("node:") ? url : url ? "other" : "(native/idle/gc)";
};

/** Self time per function and per package: where the API process spends its CPU. */
function summarize(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (const [index, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const idle = frame.functionName === "(idle)";
    if (idle) continue;
    total += micros;
    const name = `${frame.functionName || "(anonymous)"}  ${where(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const place = frame.url ? where(frame.url) : frame.functionName;
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, micros]) =>
          `  ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      )
      .join("\n");
  return `${file}: ${(total / 1000).toFixed(0)} ms busy\nby package / file:\n${list(byPlace)}\nby function (self time):\n${list(byFunction)}`;
}

for (const file of process.argv.slice(2)) console.log(summarize(file, 25));
