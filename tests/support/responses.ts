/** A route's answer, or the Response it threw (a 404, a redirect). */
export async function answered(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
