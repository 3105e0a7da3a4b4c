import '../../app.js';
