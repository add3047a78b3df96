import './base.css';
import './features.css';
import './registry.css';
import './jobs.css';
import './deployments.css';
import './monitoring.css';
