import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { MemberCaller } from "../auth/caller";
import { isDatabaseUnavailable } from "../db/errors";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { SummaryScope } from "../threads/summary";

/** What every tool acts with: the app's dependencies and the member the token stands for. */
export type ToolContext = { deps: Deps; caller: MemberCaller; scope: SummaryScope };

type ObjectSchema = z.ZodObject;

/**
 * One MCP tool: its schemas (the REST API's own zod schemas), what it does through the domain
 * functions, and the short text a model reads when a client shows it no structured content.
 */
export type Tool<In extends ObjectSchema, Out extends ObjectSchema> = {
  name: string;
  title: string;
  description: string;
  input: In;
  output: Out;
  annotations: ToolAnnotations;
  run(context: ToolContext, args: z.output<In>): Promise<z.input<Out>>;
  render(result: z.output<Out>): string;
};

/** Keeps each tool's argument and result types tied to its schemas. */
export function defineTool<In extends ObjectSchema, Out extends ObjectSchema>(tool: Tool<In, Out>) {
  return tool;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of tools whose schemas differ
export type AnyTool = Tool<any, any>;

export function registerTool(server: McpServer, context: ToolContext, tool: AnyTool): void {
  const config = {
    title: tool.title,
    description: tool.description,
    inputSchema: tool.input,
    outputSchema: tool.output,
    annotations: { title: tool.title, ...tool.annotations },
  };
  server.registerTool(tool.name, config, (args: unknown) => callTool(context, tool, args));
}

/**
 * Runs the tool on arguments the SDK has validated against its input schema. The result is parsed
 * with the output schema, so structuredContent carries exactly what the schema promises.
 */
async function callTool(context: ToolContext, tool: AnyTool, args: unknown): Promise<CallToolResult> {
  try {
    const result = tool.output.parse(await tool.run(context, args));
    return { structuredContent: result, content: [{ type: "text", text: tool.render(result) }] };
  } catch (error) {
    return toolError(context, tool.name, error);
  }
}

/** A failure the agent can act on says what it was ("THD-9 not found"); ours are logged, not shown. */
function toolError(context: ToolContext, tool: string, error: unknown): CallToolResult {
  const text = describeFailure(error);
  if (text === null) {
    context.deps.log.error("mcp tool failed", {
      tool,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  return {
    isError: true,
    content: [{ type: "text", text: text ?? "Something went wrong on our side; try again." }],
  };
}

function describeFailure(error: unknown): string | null {
  if (error instanceof AppError) return error.message;
  if (isDatabaseUnavailable(error)) return "The database is not answering; try again shortly.";
  return null;
}
