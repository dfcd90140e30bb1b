import { raw } from "hono/html";
import type { AgentFigures } from "../../analytics/agents";
import { formatDuration } from "../../analytics/chart-parts";
import type { Figures, Percentiles } from "../../analytics/summary";
import { type Option, Select } from "../components/form-field";
import { formatDate } from "../components/format";
import type { FieldErrors } from "../http/forms";

/** The windows a person picks from, in days back from now. */
export const PERIOD_DAYS = ["7", "30", "90"] as const;
const PERIODS: Option[] = PERIOD_DAYS.map((days) => ({ value: days, label: `Last ${days} days` }));

/** The figures of the chosen window: the team's, per inbox, per member, and the day-by-day charts. */
export type MetricsReport = {
  from: Date;
  to: Date;
  summary: Figures;
  inboxes: { name: string; figures: Figures }[];
  agents: AgentFigures[];
  /** SVG documents made by analytics/charts.ts (every text in them escaped), for wide and narrow screens */
  charts: { wide: string; narrow: string }[];
};

export type MetricsProps = {
  period: string;
  inbox: string;
  inboxes: Option[];
  errors: FieldErrors;
  report: MetricsReport | null;
};

const duration = (seconds: number | null) => (seconds === null ? "—" : formatDuration(seconds));
const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);
const pair = (times: Percentiles) => `${duration(times.median)} / ${duration(times.p90)}`;

const Figure = ({ label, value, detail }: { label: string; value: string; detail?: string }) => (
  <div class="figure">
    <dt>{label}</dt>
    <dd>
      {value}
      {detail ? <small> {detail}</small> : null}
    </dd>
  </div>
);

const Summary = ({ figures }: { figures: Figures }) => (
  <dl class="figures" aria-label="The team's figures">
    <Figure label="Created" value={String(figures.created)} />
    <Figure label="Resolved" value={String(figures.resolved)} />
    <Figure label="Open now" value={String(figures.openNow)} />
    <Figure
      label="First response, median"
      value={duration(figures.firstResponseSeconds.median)}
      detail={`p90 ${duration(figures.firstResponseSeconds.p90)}`}
    />
    <Figure
      label="Resolution, median"
      value={duration(figures.resolutionSeconds.median)}
      detail={`p90 ${duration(figures.resolutionSeconds.p90)}`}
    />
    <Figure label="Within target" value={share(figures.withinTarget)} />
  </dl>
);

const FigureCells = ({ figures }: { figures: Figures }) => (
  <>
    <td>{figures.created}</td>
    <td>{figures.resolved}</td>
    <td>{figures.openNow}</td>
    <td>{pair(figures.firstResponseSeconds)}</td>
    <td>{pair(figures.resolutionSeconds)}</td>
    <td>{share(figures.withinTarget)}</td>
  </>
);

const FiguresTable = (props: { title: string; who: string; rows: { name: string; figures: Figures }[] }) => (
  <section aria-labelledby={`${props.who}-title`}>
    <h2 id={`${props.who}-title`}>{props.title}</h2>
    <div class="table-scroll">
      <table class="figures-table">
        <thead>
          <tr>
            <th scope="col">{props.who === "inbox" ? "Inbox" : "Member"}</th>
            <th scope="col">Created</th>
            <th scope="col">Resolved</th>
            <th scope="col">Open now</th>
            <th scope="col">First response (median / p90)</th>
            <th scope="col">Resolution (median / p90)</th>
            <th scope="col">Within target</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row">{row.name}</th>
              <FigureCells figures={row.figures} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </section>
);

const Report = ({ report }: { report: MetricsReport }) => (
  <>
    <p class="muted">
      {formatDate(report.from)} to {formatDate(report.to)}. Times run from the client's first message; first
      replies count for who wrote them, resolutions for who resolved.
    </p>
    <Summary figures={report.summary} />
    <div class="charts">
      {report.charts.map((chart) => (
        <figure class="chart">
          <div class="chart-wide">{raw(chart.wide)}</div>
          <div class="chart-narrow">{raw(chart.narrow)}</div>
        </figure>
      ))}
    </div>
    <FiguresTable title="By inbox" who="inbox" rows={report.inboxes} />
    <FiguresTable
      title="By member"
      who="member"
      rows={report.agents.map((agent) => ({ name: agent.member.name || agent.member.email, figures: agent }))}
    />
  </>
);

/** `/admin/metrics`: how fast the team answered and resolved, for a window and an inbox. */
export const MetricsPage = (props: MetricsProps) => (
  <>
    <div class="page-head">
      <h1>Metrics</h1>
    </div>
    <form method="get" action="/admin/metrics" class="metrics-filters" aria-label="Metrics window">
      <Select label="Period" name="period" options={PERIODS} value={props.period} errors={props.errors} />
      <Select
        label="Inbox"
        name="inbox"
        options={[{ value: "", label: "All inboxes" }, ...props.inboxes]}
        value={props.inbox}
        errors={props.errors}
      />
      <div>
        <button type="submit" class="button-primary">
          Show
        </button>
      </div>
    </form>
    {props.report ? <Report report={props.report} /> : null}
  </>
);
