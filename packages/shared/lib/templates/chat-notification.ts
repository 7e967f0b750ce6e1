import { renderJson } from './render';

/** The parts of an AWS Chatbot custom notification that differ between keywatch's notices. */
export interface ChatNotificationParts {
  readonly title: string;
  readonly description: string;
  readonly nextSteps: readonly string[];
  readonly keywords: readonly string[];
  readonly summary: string;
  readonly eventType: string;
  /** ARNs shown as related resources (default: none). */
  readonly relatedResources?: readonly string[];
  readonly additionalContext: Readonly<Record<string, string>>;
}

/** Renders an AWS Chatbot custom notification (version 1.0, source custom, client-markdown) as an input template. */
export function renderChatNotification(parts: ChatNotificationParts): string {
  return renderJson({
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title: parts.title, description: parts.description, nextSteps: parts.nextSteps, keywords: parts.keywords },
    metadata: {
      summary: parts.summary,
      eventType: parts.eventType,
      ...(parts.relatedResources ? { relatedResources: parts.relatedResources } : {}),
      additionalContext: parts.additionalContext,
    },
  });
}
