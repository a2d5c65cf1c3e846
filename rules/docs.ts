// The Microsoft articles the rules encode, with their ms.date (copies in shared/microsoft-docs/).
import type { DocReference } from '../src/engine/types.js';

export const DOCS = {
  quickstart: {
    title: 'Quickstart: Create a new Azure Machine Learning linked service in Synapse',
    url: 'https://learn.microsoft.com/azure/synapse-analytics/machine-learning/quickstart-integrate-azure-machine-learning',
    date: '2024-02-29',
  },
  linkWorkspacesV1: {
    title: 'Link Azure Synapse Analytics and Azure Machine Learning workspaces and attach Apache Spark pools (deprecated)',
    url: 'https://learn.microsoft.com/azure/machine-learning/v1/how-to-link-synapse-ml-workspaces',
    date: '2025-03-07',
  },
  privateEndpointIntegration: {
    title: 'How to securely integrate Azure Machine Learning and Azure Synapse',
    url: 'https://learn.microsoft.com/azure/machine-learning/how-to-private-endpoint-integration-synapse',
    date: '2022-11-16',
  },
  // No stored copy of this page: its date is the day synaml's runtime table (src/engine/spark-runtimes.ts) was checked.
  sparkRuntimeLifecycle: {
    title: 'Azure Synapse runtimes for Apache Spark: lifecycle and supportability (runtime table checked 2026-11-23)',
    url: 'https://learn.microsoft.com/azure/synapse-analytics/spark/runtime-for-apache-spark-lifecycle-and-supportability',
    date: '2026-11-23',
  },
  // Added for attached Synapse Spark pools and serverless Spark (SA017-SA021); ms.date read from MicrosoftDocs/azure-ai-docs.
  manageSynapseSparkPool: {
    title: 'Attach and manage a Synapse Spark pool in Azure Machine Learning',
    url: 'https://learn.microsoft.com/azure/machine-learning/how-to-manage-synapse-spark-pool',
    date: '2024-04-12',
  },
  submitSparkJobs: {
    title: 'Submit Spark jobs in Azure Machine Learning',
    url: 'https://learn.microsoft.com/azure/machine-learning/how-to-submit-spark-jobs',
    date: '2023-10-05',
  },
  sparkInAzureMl: {
    title: 'Apache Spark in Azure Machine Learning',
    url: 'https://learn.microsoft.com/azure/machine-learning/apache-spark-azure-ml-concepts',
    date: '2023-10-05',
  },
  managedNetwork: {
    title: 'Workspace Managed Virtual Network Isolation (Configure for serverless Spark jobs)',
    url: 'https://learn.microsoft.com/azure/machine-learning/how-to-managed-network',
    date: '2024-08-29',
  },
} as const satisfies Record<string, DocReference>;
