import { myThreads } from "../api";
import { homeCard } from "../cards/home-card";
import { problemCard } from "../cards/problem-card";
import type { Card } from "../cards/widgets";
import { ACTIONS } from "../entry-points";

// a page is enough for a side panel; the viewer has the rest
const HOME_THREADS = 50;

export function homeCardNow(): Card {
  const answer = myThreads(HOME_THREADS);
  if (!answer.ok) return problemCard(answer.problem, { action: ACTIONS.refresh, params: { view: "home" } });
  return homeCard(answer.value.threads, new Date());
}
