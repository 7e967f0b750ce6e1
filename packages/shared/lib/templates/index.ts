export * from './types';
export * from './fields';
export { INPUT_TRANSFORMER_LIMITS, inputTransformerProblems, placeholdersOf } from './render';
export { emailTemplate } from './email';
export { chatTemplate, CHAT_EVENT_TYPE } from './chat';
export { alertLogTemplate } from './alert-log';
export { onboardingEmailTemplate, onboardingChatTemplate, ONBOARDING_CHAT_EVENT_TYPE } from './onboarding';
export type { OnboardingTemplateOptions } from './onboarding';
