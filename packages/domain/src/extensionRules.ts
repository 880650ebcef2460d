import { emergencyCall } from './emergencyNumbers.ts';
import { RuleViolation } from './errors.ts';

/**
 * R3, R92: an extension is what a user dials to reach a colleague, so one that is also an
 * emergency number of the organisation's country would shadow the emergency call (the switch
 * sends emergency numbers to the trunk first, and the colleague would never be reached either).
 */
export function emergencyExtensionProblem(extension: string, country: string): string | null {
  const emergency = emergencyCall(extension, country);
  return emergency
    ? `${extension} is an emergency number in ${country} (${emergency.service}): an extension must not shadow it`
    : null;
}

export function checkExtension(path: string, extension: string, country: string): void {
  const problem = emergencyExtensionProblem(extension, country);
  if (problem) throw new RuleViolation([{ path, message: problem }]);
}
