/**
 * The parts of an AWS SQS event source batch this project reads, and the partial-batch answer
 * (`ReportBatchItemFailures`). Written out here so no AWS package is needed to build or test.
 */
export interface SqsRecord {
  messageId: string;
  receiptHandle?: string;
  body: string;
  attributes?: {
    /** How many times SQS has handed this message out, this time included ("1" the first time). */
    ApproximateReceiveCount?: string;
    [name: string]: string | undefined;
  };
  messageAttributes?: Record<string, unknown>;
  eventSource?: string;
  eventSourceARN?: string;
  awsRegion?: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** Only the listed messages go back to the queue; the rest of the batch is deleted. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}
